import type { JobRecord } from "@stageflow/kernel";
import { compareJobs, toJobRecord } from "../codec/job-row";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";

/**
 * Postgres, the `picked` CTE: up to `$3` due PENDING jobs (`$2` is now) in dequeue order, skipping
 * rows other dequeuers hold.
 */
export const PG_PICKED = `picked as (
  select id from stageflow_jobs
  where status = 'PENDING' and available_at <= $2
  order by priority desc, created_at, id
  limit $3
  for update skip locked
)`;

/** Postgres: leases the `picked` jobs to worker `$1` at `$2` and returns their rows. */
export const PG_LEASE = `update stageflow_jobs as j
set status = 'RUNNING', locked_by = $1, locked_at = $2, heartbeat_at = $2, updated_at = $2
from picked
where j.id = picked.id
returning j.*`;

/**
 * Leases up to `limit` due PENDING jobs (priority descending, then oldest) in one statement:
 * they become RUNNING with `locked_by`, `locked_at` and `heartbeat_at`. Postgres skips rows other
 * dequeuers hold (`FOR UPDATE SKIP LOCKED`); on SQLite the statement is atomic by itself.
 * Parameters: worker id, now, limit (SQLite: worker id, now, now, now, now, limit).
 */
export const DEQUEUE_JOBS_SQL = {
  postgres: `with ${PG_PICKED}\n${PG_LEASE}`,
  sqlite: `update stageflow_jobs
set status = 'RUNNING', locked_by = ?, locked_at = ?, heartbeat_at = ?, updated_at = ?
where id in (
  select id from stageflow_jobs
  where status = 'PENDING' and available_at <= ?
  order by priority desc, created_at, id
  limit ?
)
returning *`,
} as const;

/** Runs {@link DEQUEUE_JOBS_SQL} and returns the leased jobs in dequeue order. */
export async function dequeueJobs(
  scope: Scope,
  options: { workerId: string; limit: number; now: Date },
): Promise<JobRecord[]> {
  if (options.limit <= 0) return [];
  const { dialect, codec } = scope.context;
  const now = codec.timestamp(options.now);
  const { rows } =
    dialect === "postgres"
      ? await runSql<Record<string, unknown>>(scope, DEQUEUE_JOBS_SQL.postgres, [
          options.workerId,
          now,
          options.limit,
        ])
      : await runSql<Record<string, unknown>>(scope, DEQUEUE_JOBS_SQL.sqlite, [
          options.workerId,
          now,
          now,
          now,
          now,
          options.limit,
        ]);
  const jobs = rows.map((row) => toJobRecord(row, codec));
  return jobs.length > 1 ? jobs.sort(compareJobs) : jobs;
}
