import type { JsonColumn, NullableTimestampColumn, TimestampColumn } from "./column-types";

/** Row of `stageflow_jobs`: one queued unit of work (see `JobRecord`). */
export interface JobsTable {
  id: string;
  workflow_run_id: string;
  workflow_id: string;
  stage_id: string;
  status: string;
  priority: number;
  attempt: number;
  max_attempts: number;
  payload: JsonColumn;
  available_at: TimestampColumn;
  locked_by: string | null;
  locked_at: NullableTimestampColumn;
  heartbeat_at: NullableTimestampColumn;
  last_error: string | null;
  created_at: TimestampColumn;
  updated_at: TimestampColumn;
}
