import type {
  BigIntColumn,
  BooleanColumn,
  JsonColumn,
  NullableJsonColumn,
  NullableTimestampColumn,
  TimestampColumn,
} from "./column-types";

/** Row of `stageflow_schedules` (migration `0005_schedules`): one cron schedule (see `ScheduleRecord`). */
export interface SchedulesTable {
  id: string;
  workflow_id: string;
  cron: string;
  timezone: string;
  input: NullableJsonColumn;
  config: NullableJsonColumn;
  overlap: string;
  catchup_window_ms: BigIntColumn;
  jitter_ms: BigIntColumn;
  paused: BooleanColumn;
  pause_on_failure: BooleanColumn;
  start_at: NullableTimestampColumn;
  end_at: NullableTimestampColumn;
  source: string;
  next_fire_at: NullableTimestampColumn;
  due_at: NullableTimestampColumn;
  buffered_tick: NullableTimestampColumn;
  last_fired_at: NullableTimestampColumn;
  recent_runs: JsonColumn;
  fired_count: BigIntColumn;
  skipped_count: BigIntColumn;
  missed_count: BigIntColumn;
  last_error: string | null;
  created_at: TimestampColumn;
  updated_at: TimestampColumn;
  version: number;
}
