import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { pgNotify } from "./notify";

/**
 * Returns RUNNING jobs whose heartbeat is older than the threshold to PENDING (their worker died)
 * and, on Postgres, wakes listeners when any was released. Answers the number released.
 * Parameters: stale before, now (SQLite order: now, stale before).
 */
export const RELEASE_STALE_JOBS_SQL = {
  postgres: `with released as (
  update stageflow_jobs
  set status = 'PENDING', locked_by = null, locked_at = null, heartbeat_at = null, updated_at = $2
  where status = 'RUNNING' and heartbeat_at < $1
  returning 1
)
select count(*)::int as count from (select ${pgNotify("jobs")} from released) as notified`,
  sqlite: `update stageflow_jobs
set status = 'PENDING', locked_by = null, locked_at = null, heartbeat_at = null, updated_at = ?
where status = 'RUNNING' and heartbeat_at < ?`,
} as const;

/** Runs {@link RELEASE_STALE_JOBS_SQL}; returns how many jobs went back to PENDING. */
export async function releaseStaleJobs(
  scope: Scope,
  options: { staleBefore: Date; now: Date },
): Promise<number> {
  const { dialect, codec } = scope.context;
  const staleBefore = codec.timestamp(options.staleBefore);
  const now = codec.timestamp(options.now);
  let released: number;
  if (dialect === "postgres") {
    const { rows } = await runSql<{ count: number }>(scope, RELEASE_STALE_JOBS_SQL.postgres, [
      staleBefore,
      now,
    ]);
    released = Number(rows[0]?.count ?? 0);
  } else {
    const result = await runSql(scope, RELEASE_STALE_JOBS_SQL.sqlite, [now, staleBefore]);
    released = Number(result.numAffectedRows ?? 0n);
  }
  if (released > 0) scope.wake("jobs");
  return released;
}
