import type {
  BigIntColumn,
  NullableJsonColumn,
  NullableTimestampColumn,
  TimestampColumn,
} from "./column-types";

/** Row of `stageflow_stages`: one stage of one run (see `StageRecord`). */
export interface StagesTable {
  id: string;
  workflow_run_id: string;
  stage_id: string;
  stage_name: string;
  group_index: number;
  status: string;
  attempt: number;
  output_ref: string | null;
  suspended_state: NullableJsonColumn;
  next_poll_at: NullableTimestampColumn;
  poll_interval_ms: BigIntColumn | null;
  max_wait_until: NullableTimestampColumn;
  error: NullableJsonColumn;
  progress: NullableJsonColumn;
  metrics: NullableJsonColumn;
  cost: number;
  input_tokens: BigIntColumn;
  output_tokens: BigIntColumn;
  started_at: NullableTimestampColumn;
  completed_at: NullableTimestampColumn;
  duration_ms: BigIntColumn | null;
  /** Added by `0006_trace_context`. */
  traceparent: string | null;
  created_at: TimestampColumn;
  updated_at: TimestampColumn;
  version: number;
}
