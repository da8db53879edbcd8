import type { AnyStage, UsageTotals } from "@stageflow/core";
import { decideRetry } from "../execution/decide-retry";
import { toStoredError } from "../execution/failure-info";
import type { Persistence } from "../ports/persistence";
import type { JobRecord } from "../records/job-record";
import type { RunRecord, StoredError } from "../records/run-record";
import type { StageRecord } from "../records/stage-record";
import { addRunUsage, stageMetrics, stageUsageAfter } from "./add-run-usage";
import { outboxEvent } from "./build-event";
import { failRun } from "./fail-run";

/** What {@link commitStageFailed} did. */
export interface StageFailureOutcome {
  /** True when another attempt was scheduled. */
  readonly willRetry: boolean;
  /** When the retry becomes due. */
  readonly retryAt?: Date;
  /** The attempt number of the retry. */
  readonly nextAttempt?: number;
  /** The stored error. */
  readonly error: StoredError;
}

/**
 * Inside the caller's transaction, records a failed attempt of `stage` (its run read and locked in
 * this transaction). With attempts left and a retryable error: job rescheduled (`attempt + 1`,
 * available after the backoff), stage back to PENDING with the error, `stage:failed` (willRetry
 * true). Otherwise: job FAILED, stage FAILED, `stage:failed` (willRetry false), and the run failed
 * at once (other jobs cancelled, `workflow:failed`). The attempt's AI usage is kept either way.
 * `stage:failed` carries the whole stored error, stack included (the query API's attempt history
 * reads it from there); `workflow:failed` carries it without the stack.
 *
 * @param job - the job of the attempt, or `null` (a suspended stage's failure: no job to retry).
 */
export async function commitStageFailed(
  tx: Persistence,
  options: {
    readonly run: RunRecord;
    readonly stage: StageRecord;
    readonly stageDefinition: AnyStage | undefined;
    readonly job: JobRecord | null;
    readonly error: unknown;
    readonly usage: UsageTotals;
    readonly now: Date;
  },
): Promise<StageFailureOutcome> {
  const { run, stage, job, usage, now } = options;
  const attempt = job?.attempt ?? stage.attempt;
  const error = toStoredError(options.error, stage.stageId, attempt);
  const decision =
    job === null
      ? { retry: false as const }
      : decideRetry({
          error: options.error,
          attempt: job.attempt,
          maxAttempts: job.maxAttempts,
          policy: options.stageDefinition?.retry,
          now,
        });
  const usageFields = {
    ...stageUsageAfter(stage, usage),
    metrics: stageMetrics(stage.metrics, undefined, usage),
  };
  await tx.appendLogs([
    {
      workflowRunId: run.id,
      stageId: stage.stageId,
      stageRecordId: stage.id,
      level: decision.retry ? "WARN" : "ERROR",
      message: decision.retry
        ? `Attempt ${attempt} failed; retrying at ${decision.availableAt.toISOString()}: ${error.message}`
        : `Stage failed on attempt ${attempt}: ${error.message}`,
      meta: { ...error },
      createdAt: now,
    },
  ]);
  if (decision.retry && job !== null) {
    await tx.rescheduleJob(
      job.id,
      {
        attempt: decision.nextAttempt,
        availableAt: decision.availableAt,
        lastError: error.message,
      },
      now,
    );
    await tx.updateStage(
      stage.id,
      { status: "PENDING", attempt: decision.nextAttempt, error, ...usageFields },
      now,
      { expectedVersion: stage.version },
    );
    await tx.appendOutboxEvents([
      outboxEvent("stage:failed", run, now, {
        stageId: stage.stageId,
        attempt,
        willRetry: true,
        retryAt: decision.availableAt.toISOString(),
        error,
      }),
    ]);
    await addRunUsage(tx, run, usage, now);
    return {
      willRetry: true,
      retryAt: decision.availableAt,
      nextAttempt: decision.nextAttempt,
      error,
    };
  }
  if (job !== null) await tx.failJob(job.id, error.message, now);
  const durationMs = Math.max(0, now.getTime() - (stage.startedAt ?? now).getTime());
  await tx.updateStage(
    stage.id,
    {
      status: "FAILED",
      error,
      completedAt: now,
      durationMs,
      nextPollAt: null,
      maxWaitUntil: null,
      ...usageFields,
    },
    now,
    { expectedVersion: stage.version },
  );
  await tx.appendOutboxEvents([
    outboxEvent("stage:failed", run, now, {
      stageId: stage.stageId,
      attempt,
      willRetry: false,
      error,
    }),
  ]);
  await failRun(tx, await addRunUsage(tx, run, usage, now), error, now);
  return { willRetry: false, error };
}
