import type { RunRecord } from "@stageflow/kernel";
import { type RunRow, toRunRecord } from "../codec/run-row";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";

/**
 * Moves up to `limit` PENDING runs (priority descending, then oldest) to RUNNING at group 1 in one
 * statement.
 * SQLite reads them from `stageflow_runs_pending_idx` by name: without statistics its planner
 * took the `(status, updated_at)` index and sorted every PENDING run for each claim, which made
 * a claim cost grow with the backlog (2.6 ms for 10 of 1,000 pending runs).
 * Postgres locks them with `FOR UPDATE SKIP LOCKED`, so concurrent claimers never block on or
 * share a run; SQLite runs it inside the caller's `BEGIN IMMEDIATE` transaction.
 * Parameters: worker id, now, limit (SQLite: worker id, now, now, limit).
 */
export const CLAIM_PENDING_RUNS_SQL = {
  postgres: `with picked as (
  select id from stageflow_runs
  where status = 'PENDING'
  order by priority desc, created_at, id
  limit $3
  for update skip locked
)
update stageflow_runs as r
set status = 'RUNNING', current_group = 1, claimed_by = $1, started_at = $2, updated_at = $2,
  version = r.version + 1
from picked
where r.id = picked.id
returning r.*`,
  sqlite: `update stageflow_runs
set status = 'RUNNING', current_group = 1, claimed_by = ?, started_at = ?, updated_at = ?,
  version = version + 1
where id in (
  select id from stageflow_runs indexed by stageflow_runs_pending_idx
  where status = 'PENDING'
  order by priority desc, created_at, id
  limit ?
)
returning *`,
} as const;

/** Runs {@link CLAIM_PENDING_RUNS_SQL} and returns the claimed runs in claim order. */
export async function claimPendingRuns(
  scope: Scope,
  options: { workerId: string; limit: number; now: Date },
): Promise<RunRecord[]> {
  if (options.limit <= 0) return [];
  const { dialect, codec } = scope.context;
  const now = codec.timestamp(options.now);
  const { rows } =
    dialect === "postgres"
      ? await runSql<RunRow>(scope, CLAIM_PENDING_RUNS_SQL.postgres, [
          options.workerId,
          now,
          options.limit,
        ])
      : await runSql<RunRow>(scope, CLAIM_PENDING_RUNS_SQL.sqlite, [
          options.workerId,
          now,
          now,
          options.limit,
        ]);
  return rows.map((row) => toRunRecord(row, codec)).sort(compareRuns);
}

function compareRuns(a: RunRecord, b: RunRecord): number {
  return (
    b.priority - a.priority ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
