import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { pgNotify } from "./notify";

/**
 * Returns every RUNNING job leased to one worker id to PENDING (its predecessor process died).
 * Parameters: worker id, now (SQLite order: now, worker id).
 */
export const RELEASE_WORKER_JOBS_SQL = {
  postgres: `with released as (
  update stageflow_jobs
  set status = 'PENDING', locked_by = null, locked_at = null, heartbeat_at = null, updated_at = $2
  where status = 'RUNNING' and locked_by = $1
  returning 1
)
select count(*)::int as count from (select ${pgNotify("jobs")} from released) as notified`,
  sqlite: `update stageflow_jobs
set status = 'PENDING', locked_by = null, locked_at = null, heartbeat_at = null, updated_at = ?
where status = 'RUNNING' and locked_by = ?`,
} as const;

/** Runs {@link RELEASE_WORKER_JOBS_SQL}; returns how many jobs went back to PENDING. */
export async function releaseWorkerJobs(
  scope: Scope,
  options: { workerId: string; now: Date },
): Promise<number> {
  const { dialect, codec } = scope.context;
  const now = codec.timestamp(options.now);
  let released: number;
  if (dialect === "postgres") {
    const { rows } = await runSql<{ count: number }>(scope, RELEASE_WORKER_JOBS_SQL.postgres, [
      options.workerId,
      now,
    ]);
    released = Number(rows[0]?.count ?? 0);
  } else {
    const result = await runSql(scope, RELEASE_WORKER_JOBS_SQL.sqlite, [now, options.workerId]);
    released = Number(result.numAffectedRows ?? 0n);
  }
  if (released > 0) scope.wake("jobs");
  return released;
}
