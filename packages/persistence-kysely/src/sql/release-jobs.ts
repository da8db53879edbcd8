import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { pgNotify } from "./notify";

/**
 * Returns the leased jobs `worker` still holds among the ids to PENDING (graceful shutdown) and,
 * on Postgres, wakes listeners when any was released. Answers the number released.
 * Parameters: ids, worker id, now (SQLite order: now, ids, worker id).
 */
export const RELEASE_JOBS_SQL = {
  postgres: `with released as (
  update stageflow_jobs
  set status = 'PENDING', locked_by = null, locked_at = null, heartbeat_at = null, updated_at = $3
  where id = any($1::text[]) and locked_by = $2 and status = 'RUNNING'
  returning 1
)
select count(*)::int as count from (select ${pgNotify("jobs")} from released) as notified`,
  sqlite: `update stageflow_jobs
set status = 'PENDING', locked_by = null, locked_at = null, heartbeat_at = null, updated_at = ?
where id in (select value from json_each(?)) and locked_by = ? and status = 'RUNNING'`,
} as const;

/** Runs {@link RELEASE_JOBS_SQL}; returns how many jobs went back to PENDING. */
export async function releaseJobs(
  scope: Scope,
  options: { workerId: string; jobIds: readonly string[]; now: Date },
): Promise<number> {
  const ids = [...new Set(options.jobIds)];
  if (ids.length === 0) return 0;
  const { dialect, codec } = scope.context;
  const now = codec.timestamp(options.now);
  let released: number;
  if (dialect === "postgres") {
    const { rows } = await runSql<{ count: number }>(scope, RELEASE_JOBS_SQL.postgres, [
      ids,
      options.workerId,
      now,
    ]);
    released = Number(rows[0]?.count ?? 0);
  } else {
    const result = await runSql(scope, RELEASE_JOBS_SQL.sqlite, [
      now,
      JSON.stringify(ids),
      options.workerId,
    ]);
    released = Number(result.numAffectedRows ?? 0n);
  }
  if (released > 0) scope.wake("jobs");
  return released;
}
