import type { ColumnType, Generated } from "kysely";
import type { BigIntColumn, BooleanColumn, TimestampColumn } from "./column-types";

/** Row of `stageflow_ai_calls`: one AI call record (see `AICallRecord` in `@stageflow/ai`). */
export interface AICallsTable {
  id: Generated<ColumnType<number | string, never, never>>;
  topic: string;
  provider: string;
  model: string;
  kind: string;
  input_tokens: BigIntColumn;
  output_tokens: BigIntColumn;
  cost: number;
  batch: BooleanColumn;
  status: string;
  error: string | null;
  duration_ms: BigIntColumn;
  workflow_run_id: string | null;
  stage_id: string | null;
  batch_id: string | null;
  request_id: string | null;
  /** A memoized call served from `stageflow_ai_memo` (cost 0). Since 0009. */
  cached: BooleanColumn;
  created_at: TimestampColumn;
}
