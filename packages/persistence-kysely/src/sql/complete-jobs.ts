import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";

/**
 * Marks many RUNNING jobs COMPLETED in one statement (batched completion); each entry may require
 * its lease holder. Returns the ids completed. Parameters: ids, worker ids (null: any holder), now
 * (SQLite: now, JSON array of [id, worker id]).
 */
export const COMPLETE_JOBS_SQL = {
  postgres: `update stageflow_jobs as j set status = 'COMPLETED', updated_at = $3
from unnest($1::text[], $2::text[]) as t(id, worker_id)
where j.id = t.id and j.status = 'RUNNING' and (t.worker_id is null or j.locked_by = t.worker_id)
returning j.id`,
  /** Driven by the batch: each entry finds its job by primary key (no scan of RUNNING jobs). */
  sqlite: `update stageflow_jobs set status = 'COMPLETED', updated_at = ?
from (select value ->> 0 as id, value ->> 1 as worker_id from json_each(?)) as t
where stageflow_jobs.id = t.id and stageflow_jobs.status = 'RUNNING'
  and (t.worker_id is null or stageflow_jobs.locked_by = t.worker_id)
returning stageflow_jobs.id`,
} as const;

/** Runs {@link COMPLETE_JOBS_SQL}; returns the ids that were completed, in input order. */
export async function completeJobs(
  scope: Scope,
  completions: readonly { id: string; workerId?: string }[],
  now: Date,
): Promise<string[]> {
  if (completions.length === 0) return [];
  const { dialect, codec } = scope.context;
  const at = codec.timestamp(now);
  const { rows } =
    dialect === "postgres"
      ? await runSql<{ id: string }>(scope, COMPLETE_JOBS_SQL.postgres, [
          completions.map((c) => c.id),
          completions.map((c) => c.workerId ?? null),
          at,
        ])
      : await runSql<{ id: string }>(scope, COMPLETE_JOBS_SQL.sqlite, [
          at,
          JSON.stringify(completions.map((c) => [c.id, c.workerId ?? null])),
        ]);
  const done = new Set(rows.map((row) => row.id));
  return [...new Set(completions.map((c) => c.id))].filter((id) => done.has(id));
}
