import type {
  BigIntColumn,
  JsonColumn,
  NullableJsonColumn,
  NullableTimestampColumn,
  TimestampColumn,
} from "./column-types";

/** Row of `stageflow_ai_batch_requests`: one cross-run batched request (`AIBatchRequestRecord`). */
export interface AIBatchRequestsTable {
  id: string;
  workflow_run_id: string;
  stage_id: string;
  stage_record_id: string;
  attempt: number;
  request_key: string;
  provider: string;
  model: string;
  spec: JsonColumn;
  bytes: BigIntColumn;
  status: string;
  batch_id: string | null;
  value: NullableJsonColumn;
  error: string | null;
  input_tokens: BigIntColumn;
  output_tokens: BigIntColumn;
  cost: number;
  created_at: TimestampColumn;
  updated_at: TimestampColumn;
}

/** Row of `stageflow_ai_batches`: one provider batch (`AIBatchRecord`). */
export interface AIBatchesTable {
  id: string;
  provider: string;
  model: string;
  status: string;
  provider_batch_id: string | null;
  metadata: NullableJsonColumn;
  request_ids: JsonColumn;
  claimed_by: string | null;
  claimed_until: NullableTimestampColumn;
  next_poll_at: NullableTimestampColumn;
  poll_interval_ms: BigIntColumn;
  provider_status: string | null;
  error: string | null;
  submitted_at: NullableTimestampColumn;
  ended_at: NullableTimestampColumn;
  created_at: TimestampColumn;
  updated_at: TimestampColumn;
}
