import type { ScheduleRecord } from "@stageflow/kernel";
import { type ScheduleRow, toScheduleRecord } from "../codec/schedule-row";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";

/**
 * Selects up to `limit` unpaused schedules due at `now`, earliest first, in one statement.
 * Postgres locks them `FOR UPDATE SKIP LOCKED` until the caller's transaction ends, so concurrent
 * `schedule.tick`s split the due schedules and never handle one twice (a schedule another
 * transaction just advanced is re-checked against its new `due_at`); SQLite runs it inside the
 * caller's `BEGIN IMMEDIATE` transaction. Parameters: now, limit.
 */
export const CLAIM_DUE_SCHEDULES_SQL = {
  postgres: `select * from stageflow_schedules
where not paused and due_at is not null and due_at <= $1
order by due_at, id
limit $2
for update skip locked`,
  sqlite: `select * from stageflow_schedules
where paused = 0 and due_at is not null and due_at <= ?
order by due_at, id
limit ?`,
} as const;

/** Runs {@link CLAIM_DUE_SCHEDULES_SQL}. */
export async function claimDueSchedules(
  scope: Scope,
  options: { now: Date; limit: number },
): Promise<ScheduleRecord[]> {
  if (options.limit <= 0) return [];
  const { dialect, codec } = scope.context;
  const { rows } = await runSql<ScheduleRow>(scope, CLAIM_DUE_SCHEDULES_SQL[dialect], [
    codec.timestamp(options.now),
    options.limit,
  ]);
  return rows.map((row) => toScheduleRecord(row, codec));
}
