import type { StageRecord } from "@stageflow/kernel";
import { toStageRecord } from "../codec/stage-row";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";

/**
 * Claims up to `limit` SUSPENDED stages with `next_poll_at <= now` (earliest first) by moving
 * `next_poll_at` to the lease end and bumping `version` and `updated_at`. On Postgres one
 * statement that skips rows other pollers hold and returns each row's previous `next_poll_at`
 * (`due_at`) for ordering; on SQLite a select and an update in one `BEGIN IMMEDIATE` transaction.
 */
export const CLAIM_DUE_SUSPENDED_STAGES_SQL = {
  /** Parameters: now, limit, lease end. */
  postgres: `with picked as (
  select id, next_poll_at as due_at from stageflow_stages
  where status = 'SUSPENDED' and next_poll_at <= $1
  order by next_poll_at, id
  limit $2
  for update skip locked
)
update stageflow_stages as s
set next_poll_at = $3, updated_at = $1, version = s.version + 1
from picked
where s.id = picked.id
returning s.*, picked.due_at`,
  /** Parameters: now, limit. */
  sqliteSelect: `select id from stageflow_stages
where status = 'SUSPENDED' and next_poll_at <= ?
order by next_poll_at, id
limit ?`,
  /** Parameters: lease end, now, ids (JSON array). */
  sqliteUpdate: `update stageflow_stages
set next_poll_at = ?, updated_at = ?, version = version + 1
where id in (select value from json_each(?))
returning *`,
} as const;

/** Runs {@link CLAIM_DUE_SUSPENDED_STAGES_SQL}; returns the claimed stages, earliest due first. */
export async function claimDueSuspendedStages(
  scope: Scope,
  options: { now: Date; limit: number; leaseMs: number },
): Promise<StageRecord[]> {
  if (options.limit <= 0) return [];
  const { dialect, codec } = scope.context;
  const now = codec.timestamp(options.now);
  const until = codec.timestamp(new Date(options.now.getTime() + options.leaseMs));
  if (dialect === "postgres") {
    const { rows } = await runSql<Record<string, unknown>>(
      scope,
      CLAIM_DUE_SUSPENDED_STAGES_SQL.postgres,
      [now, options.limit, until],
    );
    return rows
      .map((row) => ({ due: codec.readTimestamp(row.due_at).getTime(), row }))
      .sort((a, b) => a.due - b.due || compareIds(a.row.id as string, b.row.id as string))
      .map(({ row }) => toStageRecord(row, codec));
  }
  return scope.atomic(async (tx) => {
    const picked = await runSql<{ id: string }>(tx, CLAIM_DUE_SUSPENDED_STAGES_SQL.sqliteSelect, [
      now,
      options.limit,
    ]);
    if (picked.rows.length === 0) return [];
    const ids = picked.rows.map((row) => row.id);
    const { rows } = await runSql<Record<string, unknown>>(
      tx,
      CLAIM_DUE_SUSPENDED_STAGES_SQL.sqliteUpdate,
      [until, now, JSON.stringify(ids)],
    );
    const byId = new Map(rows.map((row) => [row.id as string, row]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toStageRecord(row, codec)] : [];
    });
  });
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
