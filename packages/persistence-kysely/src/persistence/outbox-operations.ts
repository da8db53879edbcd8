import type { OutboxFailureResult, OutboxRecord } from "@stageflow/kernel";
import { sql } from "kysely";
import { toOutboxRecord } from "../codec/outbox-row";
import { OutboxEventNotFoundError } from "../errors/outbox-event-not-found-error";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { NEXT_OUTBOX_DUE_SQL } from "../sql/next-outbox-due";
import { notifyChannel } from "../sql/notify";
import { REPLAY_DEAD_LETTERS_BY_ID_SQL, REPLAY_DEAD_LETTERS_SQL } from "../sql/replay-dead-letters";

/** `Persistence.releaseOutboxClaims`: with `workerId`, only the claims that flusher holds. */
export async function releaseOutboxClaims(
  scope: Scope,
  ids: readonly string[],
  options: { workerId?: string } = {},
): Promise<void> {
  if (ids.length === 0) return;
  let query = scope
    .executor()
    .updateTable("stageflow_outbox_events")
    .set({ claimed_by: null, claimed_until: null })
    .where("id", "in", [...new Set(ids)]);
  if (options.workerId !== undefined) query = query.where("claimed_by", "=", options.workerId);
  await query.execute();
}

/** `Persistence.renewOutboxClaims`: one `UPDATE … RETURNING id` fenced on holder and expiry. */
export async function renewOutboxClaims(
  scope: Scope,
  options: { workerId: string; ids: readonly string[]; now: Date; leaseMs: number },
): Promise<string[]> {
  if (options.ids.length === 0) return [];
  const { codec } = scope.context;
  const rows = await scope
    .executor()
    .updateTable("stageflow_outbox_events")
    .set({
      claimed_until: codec.timestamp(new Date(options.now.getTime() + options.leaseMs)),
    })
    .where("id", "in", [...new Set(options.ids)])
    .where("status", "=", "PENDING")
    .where("claimed_by", "=", options.workerId)
    .where("claimed_until", ">", codec.timestamp(options.now))
    .returning("id")
    .execute();
  return rows.map((row) => row.id);
}

/**
 * `Persistence.nextOutboxDueAt`: the earliest retry due time or claim expiry after `now` among
 * PENDING events, in one statement of two scalar subqueries, each one range of a partial index
 * of migration 0002.
 */
export async function nextOutboxDueAt(scope: Scope, now: Date): Promise<Date | null> {
  const { codec, dialect } = scope.context;
  const at = codec.timestamp(now);
  const { rows } = await runSql<{ retry_at: unknown; claim_at: unknown }>(
    scope,
    NEXT_OUTBOX_DUE_SQL[dialect],
    [at, at],
  );
  const row = rows[0];
  const times = [row?.retry_at, row?.claim_at]
    .map((value) => codec.readTimestampOrNull(value ?? null))
    .filter((time): time is Date => time !== null);
  if (times.length === 0) return null;
  return new Date(Math.min(...times.map((time) => time.getTime())));
}

/** `Persistence.recordOutboxFailure`: one `UPDATE … RETURNING`. */
export async function recordOutboxFailure(
  scope: Scope,
  id: string,
  options: { error: string; maxRetries: number; retryAt: Date },
): Promise<OutboxFailureResult> {
  const dead = sql<boolean>`retry_count + 1 >= ${options.maxRetries}`;
  const retryAt = scope.context.codec.timestamp(options.retryAt);
  const due =
    scope.context.dialect === "postgres" ? sql`cast(${retryAt} as timestamptz)` : sql`${retryAt}`;
  const row = await scope
    .executor()
    .updateTable("stageflow_outbox_events")
    .set((eb) => ({
      retry_count: eb("retry_count", "+", 1),
      status: sql<string>`case when ${dead} then 'DLQ' else status end`,
      next_attempt_at: sql`case when ${dead} then null else ${due} end`,
      last_error: options.error,
      claimed_by: null,
      claimed_until: null,
    }))
    .where("id", "=", id)
    .returning(["retry_count", "status"])
    .executeTakeFirst();
  if (!row) throw new OutboxEventNotFoundError(id);
  return { retryCount: Number(row.retry_count), deadLettered: row.status === "DLQ" };
}

/** `Persistence.listDeadLetters`: oldest first. */
export async function listDeadLetters(scope: Scope, limit: number): Promise<OutboxRecord[]> {
  const rows = await scope
    .executor()
    .selectFrom("stageflow_outbox_events")
    .selectAll()
    .where("status", "=", "DLQ")
    .orderBy("created_at")
    .orderBy("id")
    .limit(Math.max(0, limit))
    .execute();
  return rows.map((row) => toOutboxRecord(row, scope.context.codec));
}

/**
 * `Persistence.replayDeadLetters`: the oldest DLQ events (among `eventIds` when given) back to
 * PENDING; wakes flushers.
 */
export async function replayDeadLetters(
  scope: Scope,
  maxEvents: number,
  eventIds?: readonly string[],
): Promise<number> {
  if (maxEvents <= 0 || eventIds?.length === 0) return 0;
  const { dialect } = scope.context;
  const result =
    eventIds === undefined
      ? await runSql(scope, REPLAY_DEAD_LETTERS_SQL[dialect], [maxEvents])
      : await runSql(scope, REPLAY_DEAD_LETTERS_BY_ID_SQL[dialect], [
          dialect === "postgres" ? [...eventIds] : JSON.stringify(eventIds),
          maxEvents,
        ]);
  const replayed = Number(result.numAffectedRows ?? 0n);
  if (replayed > 0) await notifyChannel(scope, "outbox");
  return replayed;
}

/** `Persistence.getOutboxEvents`: sequence order. */
export async function getOutboxEvents(
  scope: Scope,
  workflowRunId: string,
): Promise<OutboxRecord[]> {
  const rows = await scope
    .executor()
    .selectFrom("stageflow_outbox_events")
    .selectAll()
    .where("workflow_run_id", "=", workflowRunId)
    .orderBy("sequence")
    .execute();
  return rows.map((row) => toOutboxRecord(row, scope.context.codec));
}
