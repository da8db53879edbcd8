import type { IdempotencyAcquireResult } from "@stageflow/kernel";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";

/**
 * Takes an idempotency key in one statement: inserts it IN_PROGRESS, or takes over a key left
 * IN_PROGRESS since at least the reclaim threshold (its dispatcher died). Returns a row only when
 * the key was taken; otherwise {@link IDEMPOTENCY_STATE_SQL} tells replay from in progress.
 * Concurrent takers of one key serialize on its primary key, so exactly one gets it.
 */
export const ACQUIRE_IDEMPOTENCY_KEY_SQL = {
  /** Parameters: key, command type, now, reclaim before. */
  postgres: `insert into stageflow_idempotency_keys as k (key, command_type, status, result, locked_at, created_at, updated_at)
values ($1, $2, 'IN_PROGRESS', null, $3, $3, $3)
on conflict (key, command_type) do update
set status = 'IN_PROGRESS', result = null, locked_at = excluded.locked_at, updated_at = excluded.updated_at
where k.status = 'IN_PROGRESS' and k.locked_at <= $4
returning status`,
  /** Parameters: key, command type, now, now, now, reclaim before. */
  sqlite: `insert into stageflow_idempotency_keys as k (key, command_type, status, result, locked_at, created_at, updated_at)
values (?, ?, 'IN_PROGRESS', null, ?, ?, ?)
on conflict (key, command_type) do update
set status = 'IN_PROGRESS', result = null, locked_at = excluded.locked_at, updated_at = excluded.updated_at
where k.status = 'IN_PROGRESS' and k.locked_at <= ?
returning status`,
} as const;

/** Reads a key's state after a failed take. Parameters: key, command type. */
export const IDEMPOTENCY_STATE_SQL = {
  postgres:
    "select status, result from stageflow_idempotency_keys where key = $1 and command_type = $2",
  sqlite:
    "select status, result from stageflow_idempotency_keys where key = ? and command_type = ?",
} as const;

/** Runs {@link ACQUIRE_IDEMPOTENCY_KEY_SQL} (and the state read when the key is taken). */
export async function acquireIdempotencyKey(
  scope: Scope,
  options: { key: string; commandType: string; now: Date; reclaimAfterMs: number },
): Promise<IdempotencyAcquireResult> {
  const { dialect, codec } = scope.context;
  const now = codec.timestamp(options.now);
  const reclaimBefore = codec.timestamp(new Date(options.now.getTime() - options.reclaimAfterMs));
  const key = [options.key, options.commandType];
  for (let attempt = 0; attempt < 5; attempt++) {
    const taken =
      dialect === "postgres"
        ? await runSql(scope, ACQUIRE_IDEMPOTENCY_KEY_SQL.postgres, [...key, now, reclaimBefore])
        : await runSql(scope, ACQUIRE_IDEMPOTENCY_KEY_SQL.sqlite, [
            ...key,
            now,
            now,
            now,
            reclaimBefore,
          ]);
    if (taken.rows.length > 0) return { status: "acquired" };
    const { rows } = await runSql<{ status: string; result: unknown }>(
      scope,
      IDEMPOTENCY_STATE_SQL[dialect],
      key,
    );
    const state = rows[0];
    if (state?.status === "COMPLETED")
      return { status: "replay", result: codec.readJson(state.result) };
    if (state) return { status: "in_progress" };
    // Released between the two statements: try to take it again.
  }
  return { status: "in_progress" };
}
