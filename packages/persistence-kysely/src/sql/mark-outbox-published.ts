import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";

/**
 * Marks outbox events PUBLISHED and drops their claims, in one statement of constant text (a
 * prepared statement on Postgres). Parameters: now, then the ids (a `text[]` on Postgres, a JSON
 * array on SQLite).
 */
export const MARK_OUTBOX_PUBLISHED_SQL = {
  postgres: `update stageflow_outbox_events
set status = 'PUBLISHED', published_at = $1, claimed_by = null, claimed_until = null
where id = any($2::text[])`,
  sqlite: `update stageflow_outbox_events
set status = 'PUBLISHED', published_at = ?, claimed_by = null, claimed_until = null
where id in (select value from json_each(?))`,
} as const;

/** `Persistence.markOutboxEventsPublished`: {@link MARK_OUTBOX_PUBLISHED_SQL}, each id once. */
export async function markOutboxEventsPublished(
  scope: Scope,
  ids: readonly string[],
  now: Date,
): Promise<void> {
  if (ids.length === 0) return;
  const unique = [...new Set(ids)];
  const at = scope.context.codec.timestamp(now);
  if (scope.context.dialect === "postgres") {
    await runSql(scope, MARK_OUTBOX_PUBLISHED_SQL.postgres, [at, unique]);
  } else {
    await runSql(scope, MARK_OUTBOX_PUBLISHED_SQL.sqlite, [at, JSON.stringify(unique)]);
  }
}
