import type { ColumnType, Generated } from "kysely";
import type { NullableJsonColumn, TimestampColumn } from "./column-types";

/** Row of `stageflow_logs`: one log line; `id` grows with insertion order. */
export interface LogsTable {
  id: Generated<ColumnType<number | string, never, never>>;
  workflow_run_id: string;
  stage_id: string | null;
  stage_record_id: string | null;
  level: string;
  message: string;
  meta: NullableJsonColumn;
  created_at: TimestampColumn;
}
