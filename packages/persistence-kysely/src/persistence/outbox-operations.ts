import type { OutboxFailureResult, OutboxRecord } from "@stageflow/kernel";
import { sql } from "kysely";
import { toOutboxRecord } from "../codec/outbox-row";
import { OutboxEventNotFoundError } from "../errors/outbox-event-not-found-error";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { notifyChannel } from "../sql/notify";
import { REPLAY_DEAD_LETTERS_SQL } from "../sql/replay-dead-letters";

/** `Persistence.markOutboxEventsPublished`. */
export async function markOutboxEventsPublished(
  scope: Scope,
  ids: readonly string[],
  now: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await scope
    .executor()
    .updateTable("stageflow_outbox_events")
    .set({
      status: "PUBLISHED",
      published_at: scope.context.codec.timestamp(now),
      claimed_by: null,
      claimed_until: null,
    })
    .where("id", "in", [...new Set(ids)])
    .execute();
}

/** `Persistence.releaseOutboxClaims`. */
export async function releaseOutboxClaims(scope: Scope, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await scope
    .executor()
    .updateTable("stageflow_outbox_events")
    .set({ claimed_by: null, claimed_until: null })
    .where("id", "in", [...new Set(ids)])
    .execute();
}

/** `Persistence.recordOutboxFailure`: one `UPDATE … RETURNING`. */
export async function recordOutboxFailure(
  scope: Scope,
  id: string,
  options: { error: string; maxRetries: number },
): Promise<OutboxFailureResult> {
  const row = await scope
    .executor()
    .updateTable("stageflow_outbox_events")
    .set((eb) => ({
      retry_count: eb("retry_count", "+", 1),
      status: sql<string>`case when retry_count + 1 >= ${options.maxRetries} then 'DLQ' else status end`,
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

/** `Persistence.replayDeadLetters`: the oldest DLQ events back to PENDING; wakes flushers. */
export async function replayDeadLetters(scope: Scope, maxEvents: number): Promise<number> {
  if (maxEvents <= 0) return 0;
  const result = await runSql(scope, REPLAY_DEAD_LETTERS_SQL[scope.context.dialect], [maxEvents]);
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
