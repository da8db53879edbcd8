import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";

/**
 * Renews the leases `worker` holds among the given ids and returns those ids.
 * Parameters: ids (Postgres `text[]`, SQLite JSON array), worker id, now
 * (SQLite order: now, now, ids, worker id).
 */
export const HEARTBEAT_JOBS_SQL = {
  postgres: `update stageflow_jobs set heartbeat_at = $3, updated_at = $3
where id = any($1::text[]) and locked_by = $2 and status = 'RUNNING'
returning id`,
  sqlite: `update stageflow_jobs set heartbeat_at = ?, updated_at = ?
where id in (select value from json_each(?)) and locked_by = ? and status = 'RUNNING'
returning id`,
} as const;

/** Runs {@link HEARTBEAT_JOBS_SQL}; returns the ids still held, in input order. */
export async function heartbeatJobs(
  scope: Scope,
  options: { workerId: string; jobIds: readonly string[]; now: Date },
): Promise<string[]> {
  const ids = [...new Set(options.jobIds)];
  if (ids.length === 0) return [];
  const { dialect, codec } = scope.context;
  const now = codec.timestamp(options.now);
  const { rows } =
    dialect === "postgres"
      ? await runSql<{ id: string }>(scope, HEARTBEAT_JOBS_SQL.postgres, [
          ids,
          options.workerId,
          now,
        ])
      : await runSql<{ id: string }>(scope, HEARTBEAT_JOBS_SQL.sqlite, [
          now,
          now,
          JSON.stringify(ids),
          options.workerId,
        ]);
  const held = new Set(rows.map((row) => row.id));
  return ids.filter((id) => held.has(id));
}
