import type { StageDeferral, UsageTotals } from "@stageflow/core";
import { errorMessage } from "../execution/failure-info";
import type { Persistence } from "../ports/persistence";
import type { JobRecord } from "../records/job-record";
import type { RunRecord } from "../records/run-record";
import type { StageRecord } from "../records/stage-record";
import { addRunUsage, stageMetrics, stageUsageAfter } from "./add-run-usage";

/** The longest deferral the kernel honours (one day); a longer ask is capped to it. */
export const MAX_DEFERRAL_MS = 86_400_000;

/**
 * Inside the caller's transaction, records that an attempt of `stage` asked to wait (a
 * {@link StageDeferral}, e.g. a shared AI rate limit without capacity): the job goes back to
 * PENDING with the SAME attempt number, due after `retryAfterMs` (capped at one day), the stage
 * back to PENDING without an error, an INFO log line says why, and the usage of calls the body
 * made before it stopped is kept. No `stage:failed` event: nothing failed.
 *
 * @returns when the attempt runs again.
 */
export async function commitStageDeferred(
  tx: Persistence,
  options: {
    readonly run: RunRecord;
    readonly stage: StageRecord;
    readonly job: JobRecord;
    readonly deferral: StageDeferral;
    readonly usage: UsageTotals;
    readonly now: Date;
  },
): Promise<Date> {
  const { run, stage, job, deferral, usage, now } = options;
  const waitMs = Math.min(MAX_DEFERRAL_MS, Math.max(0, Math.ceil(deferral.retryAfterMs)));
  const retryAt = new Date(now.getTime() + waitMs);
  const reason = errorMessage(deferral);
  await tx.appendLogs([
    {
      workflowRunId: run.id,
      stageId: stage.stageId,
      stageRecordId: stage.id,
      level: "INFO",
      message: `Attempt ${job.attempt} deferred until ${retryAt.toISOString()}: ${reason}`,
      meta: { deferred: true, retryAfterMs: waitMs, attempt: job.attempt },
      createdAt: now,
    },
  ]);
  await tx.rescheduleJob(
    job.id,
    { attempt: job.attempt, availableAt: retryAt, lastError: null },
    now,
  );
  await tx.updateStage(
    stage.id,
    {
      status: "PENDING",
      ...stageUsageAfter(stage, usage),
      metrics: stageMetrics(stage.metrics, undefined, usage),
    },
    now,
    { expectedVersion: stage.version },
  );
  await addRunUsage(tx, run, usage, now);
  return retryAt;
}
