import type { OutboxRecord, OutboxStatus } from "@stageflow/kernel";
import { readNumber, type ValueCodec } from "./value-codec";

/** Converts a `stageflow_outbox_events` row to an `OutboxRecord`. */
export function toOutboxRecord(row: Record<string, unknown>, codec: ValueCodec): OutboxRecord {
  return {
    id: row.id as string,
    workflowRunId: row.workflow_run_id as string,
    sequence: readNumber(row.sequence),
    type: row.type as string,
    payload: codec.readJson(row.payload) as Record<string, unknown>,
    status: row.status as OutboxStatus,
    retryCount: readNumber(row.retry_count),
    lastError: (row.last_error as string | null) ?? null,
    nextAttemptAt: codec.readTimestampOrNull(row.next_attempt_at),
    claimedBy: (row.claimed_by as string | null) ?? null,
    claimedUntil: codec.readTimestampOrNull(row.claimed_until),
    createdAt: codec.readTimestamp(row.created_at),
    publishedAt: codec.readTimestampOrNull(row.published_at),
  };
}

/** Orders outbox records by run, then sequence. */
export function compareOutbox(a: OutboxRecord, b: OutboxRecord): number {
  if (a.workflowRunId !== b.workflowRunId) return a.workflowRunId < b.workflowRunId ? -1 : 1;
  return a.sequence - b.sequence;
}
