import type { OutboxRecord } from "../records/outbox-record";
import type { StoredError } from "../records/run-record";
import type { StageRecord } from "../records/stage-record";
import type { StageAttempt } from "./run-query-types";

type MutableAttempt = { -readonly [K in keyof StageAttempt]: StageAttempt[K] };

function timeOf(payload: Record<string, unknown>, record: OutboxRecord): Date {
  const text = payload.timestamp;
  const date = typeof text === "string" ? new Date(text) : record.createdAt;
  return Number.isNaN(date.getTime()) ? record.createdAt : date;
}

function newAttempt(attempt: number, startedAt: Date | null): MutableAttempt {
  return {
    attempt,
    outcome: "running",
    startedAt,
    endedAt: null,
    durationMs: null,
    error: null,
    willRetry: false,
    retryAt: null,
  };
}

function end(attempt: MutableAttempt, outcome: StageAttempt["outcome"], at: Date): void {
  attempt.outcome = outcome;
  attempt.endedAt = at;
  attempt.durationMs =
    attempt.startedAt === null ? null : Math.max(0, at.getTime() - attempt.startedAt.getTime());
}

/**
 * The attempts of `stage`, rebuilt from the run's outbox events in sequence order: each
 * `stage:started` opens an attempt; `stage:suspended`, `stage:completed` and `stage:failed` move
 * or end it (`retryAt` from the failure event, or `retryAt` of the stage's pending job for the
 * latest one). A `workflow:rerun` that deleted the stage starts its history afresh. A stage
 * cancelled while running ends its open attempt as `cancelled`.
 *
 * @param retryDueAt - when the stage's job is due again, if it waits for a retry.
 */
export function stageAttempts(
  stage: StageRecord,
  events: readonly OutboxRecord[],
  retryDueAt: Date | null,
): StageAttempt[] {
  let attempts: MutableAttempt[] = [];
  const current = (): MutableAttempt | undefined => attempts[attempts.length - 1];
  for (const record of events) {
    const payload = record.payload;
    if (record.type === "workflow:rerun") {
      const deleted = payload.deletedStages;
      if (Array.isArray(deleted) && deleted.includes(stage.stageId)) attempts = [];
      continue;
    }
    if (payload.stageId !== stage.stageId) continue;
    const at = timeOf(payload, record);
    const open = current();
    switch (record.type) {
      case "stage:started": {
        const number = typeof payload.attempt === "number" ? payload.attempt : attempts.length + 1;
        attempts.push(newAttempt(number, at));
        break;
      }
      case "stage:suspended":
        if (open) open.outcome = "suspended";
        break;
      case "stage:completed":
        if (open) end(open, "completed", at);
        break;
      case "stage:failed": {
        const failed = open ?? newAttempt(Number(payload.attempt) || 1, null);
        if (!open) attempts.push(failed);
        end(failed, "failed", at);
        failed.error = (payload.error as StoredError | undefined) ?? null;
        failed.willRetry = payload.willRetry === true;
        const retryAt = typeof payload.retryAt === "string" ? new Date(payload.retryAt) : null;
        failed.retryAt = retryAt !== null && !Number.isNaN(retryAt.getTime()) ? retryAt : null;
        break;
      }
    }
  }
  const last = current();
  if (last && (last.outcome === "running" || last.outcome === "suspended")) {
    if (stage.status === "CANCELLED" || stage.status === "FAILED") {
      end(
        last,
        stage.status === "FAILED" ? "failed" : "cancelled",
        stage.completedAt ?? stage.updatedAt,
      );
      if (stage.status === "FAILED") last.error = stage.error;
    }
  }
  if (last?.willRetry && last.retryAt === null) last.retryAt = retryDueAt;
  return attempts;
}
