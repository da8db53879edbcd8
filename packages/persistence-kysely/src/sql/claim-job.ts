import type { JobRecord } from "@stageflow/kernel";
import { toJobRecord } from "../codec/job-row";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";

/**
 * Leases one job by id if it is PENDING and due, in one statement, exactly as `dequeue` leases a
 * job: RUNNING with `locked_by`, `locked_at` and `heartbeat_at` set to now.
 * Postgres locks the row `FOR UPDATE SKIP LOCKED`, so a concurrent dequeue or claim that holds it
 * wins and this one returns no row; on SQLite the statement is atomic by itself.
 * Parameters: worker id, job id, now (SQLite: worker id, now, now, now, job id, now).
 */
export const CLAIM_JOB_SQL = {
  postgres: `with picked as (
  select id from stageflow_jobs
  where id = $2 and status = 'PENDING' and available_at <= $3
  for update skip locked
)
update stageflow_jobs as j
set status = 'RUNNING', locked_by = $1, locked_at = $3, heartbeat_at = $3, updated_at = $3
from picked
where j.id = picked.id
returning j.*`,
  sqlite: `update stageflow_jobs
set status = 'RUNNING', locked_by = ?, locked_at = ?, heartbeat_at = ?, updated_at = ?
where id = ? and status = 'PENDING' and available_at <= ?
returning *`,
} as const;

/** Runs {@link CLAIM_JOB_SQL}; returns the leased job, or `null` when it was not PENDING and due. */
export async function claimJob(
  scope: Scope,
  options: { workerId: string; jobId: string; now: Date },
): Promise<JobRecord | null> {
  const { dialect, codec } = scope.context;
  const now = codec.timestamp(options.now);
  const { rows } =
    dialect === "postgres"
      ? await runSql<Record<string, unknown>>(scope, CLAIM_JOB_SQL.postgres, [
          options.workerId,
          options.jobId,
          now,
        ])
      : await runSql<Record<string, unknown>>(scope, CLAIM_JOB_SQL.sqlite, [
          options.workerId,
          now,
          now,
          now,
          options.jobId,
          now,
        ]);
  const [row] = rows;
  return row === undefined ? null : toJobRecord(row, codec);
}
