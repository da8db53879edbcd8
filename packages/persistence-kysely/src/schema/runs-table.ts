import type {
  BigIntColumn,
  JsonColumn,
  NullableJsonColumn,
  NullableTimestampColumn,
  TimestampColumn,
} from "./column-types";

/** Row of `stageflow_runs`: one workflow run (see `RunRecord`). */
export interface RunsTable {
  id: string;
  workflow_id: string;
  status: string;
  input: NullableJsonColumn;
  config: JsonColumn;
  priority: number;
  metadata: NullableJsonColumn;
  current_group: number | null;
  output: NullableJsonColumn;
  error: NullableJsonColumn;
  /** Added by migration 0003. */
  cancel_reason: string | null;
  total_cost: number;
  total_tokens: BigIntColumn;
  /** AI cost budget in USD, or null. Since 0009. */
  budget_usd: number | null;
  claimed_by: string | null;
  /** Added by `0006_trace_context`. */
  traceparent: string | null;
  /** Added by `0006_trace_context`. */
  tracestate: string | null;
  created_at: TimestampColumn;
  started_at: NullableTimestampColumn;
  completed_at: NullableTimestampColumn;
  updated_at: TimestampColumn;
  version: number;
}
