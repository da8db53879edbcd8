import { type AnyStage, type AnyWorkflow, isStageDeferral } from "@stageflow/core";
import { storeBatchedRequests } from "../ai-batching/store-batched-requests";
import type { JobExecuteCommand, JobExecuteResult, StartedJob } from "../commands/command-types";
import type { BlobStore } from "../ports/blob-store";
import type { Persistence } from "../ports/persistence";
import type { JobRecord } from "../records/job-record";
import type { RunRecord } from "../records/run-record";
import type { StageRecord } from "../records/stage-record";
import { addRunUsage, stageMetrics, stageUsageAfter } from "../run-state/add-run-usage";
import { outboxEvent, toOutboxEvent } from "../run-state/build-event";
import { commitStageCompleted } from "../run-state/commit-stage-completed";
import { commitStageDeferred } from "../run-state/commit-stage-deferred";
import { commitStageFailed } from "../run-state/commit-stage-failed";
import { isAloneInGroup } from "./alone-in-group";
import { errorMessage } from "./failure-info";
import type { StageBodyRun } from "./run-stage-body";
import { skipGhost } from "./start-job";
import { storableBodyRun } from "./storable-body-run";

/** What phase 3 committed, plus what the handler does after the commit. */
export interface JobFinish {
  readonly result: JobExecuteResult;
  /** True when the result is final and is remembered under the idempotency key. */
  readonly final: boolean;
  /** A retry's due time, for the scheduler. */
  readonly retryAt?: Date;
  /** A suspended stage's first poll, for the scheduler. */
  readonly nextPollAt?: Date;
  /** True when the run ended (failed) in this transaction. */
  readonly runFailed?: boolean;
  /** True when the run is ready to complete and must be transitioned after the commit. */
  readonly transitionAfter?: boolean;
  /** Next-group jobs started for this worker (`command.startNextJobs`); not in `result`. */
  readonly started?: StartedJob[];
}

/** Thrown inside phase 3 to roll it back when the job's lease turned out to be lost. */
export class LeaseLostSignal extends Error {
  constructor() {
    super("The job's lease was lost before its outcome could be committed");
    this.name = "LeaseLostSignal";
  }
}

const skip = (reason: string): JobFinish => ({
  result: { outcome: "skipped", reason },
  final: false,
});

/**
 * The run (locked), the job and the run's stages, for phase 3. A stage alone in its group reads
 * them in one round trip when the persistence offers `lockRunWithJobAndStages`; a stage with
 * siblings reads them one by one after the lock (a sibling's completion committed while this one
 * waited for the lock must be seen, and it need not change the run itself).
 */
async function readForCompletion(
  tx: Persistence,
  options: { readonly command: JobExecuteCommand; readonly workflow: AnyWorkflow },
): Promise<{ run: RunRecord | null; job: JobRecord | null; stages: StageRecord[] }> {
  const { workflowRunId, stageId, jobId } = options.command;
  if (tx.lockRunWithJobAndStages !== undefined && isAloneInGroup(options.workflow, stageId)) {
    return tx.lockRunWithJobAndStages(workflowRunId, jobId);
  }
  const run = await tx.getRun(workflowRunId, { forUpdate: true });
  if (run === null || run.status !== "RUNNING") return { run, job: null, stages: [] };
  const job = await tx.getJob(jobId);
  if (job === null || job.status !== "RUNNING") return { run, job, stages: [] };
  return { run, job, stages: await tx.getStagesByRun(workflowRunId) };
}

/**
 * Phase 3 of `job.execute`, inside one transaction: locks the run again and re-checks it is
 * RUNNING (else ghost: leftover jobs cancelled, nothing else written) and that this worker still
 * holds the lease; then writes the logs, the collected `stage:progress` events and the outcome —
 * COMPLETED (advancing the run at once when the group is done), SUSPENDED, or the failure (retry
 * or fail the run). What the database cannot store (U+0000, a lone surrogate in the failure, a log
 * line or a progress report) fails the stage instead, unretried (`storableBodyRun`). An output the
 * body left unstored (`pendingPut`) is written here, in this transaction when the blob store can
 * join it. Throws
 * {@link LeaseLostSignal} when `completeJob` reports the lease lost.
 */
export async function finishJob(
  tx: Persistence,
  options: {
    readonly command: JobExecuteCommand;
    readonly workflow: AnyWorkflow;
    readonly definition: AnyStage;
    readonly body: StageBodyRun;
    readonly now: Date;
    /** The traced attempt's `traceparent`, stored on a stage that suspends. */
    readonly traceparent?: string | null;
    /** Stores an output the body left to this transaction (`pendingPut`). */
    readonly blobStore: BlobStore;
  },
): Promise<JobFinish> {
  const { command, now } = options;
  const { workflowRunId, stageId, jobId, workerId } = command;
  const body = storableBodyRun(options.body, stageId);
  const { run, job, stages } = await readForCompletion(tx, options);
  if (run === null || run.status !== "RUNNING") {
    const ghost = await skipGhost(tx, workflowRunId, run, now);
    return { result: ghost.result, final: false };
  }
  if (job === null || job.status !== "RUNNING" || job.lockedBy !== workerId) {
    return skip(`job lease lost (job is ${job?.status ?? "gone"})`);
  }
  const stage = stages.find((each) => each.stageId === stageId) ?? null;
  if (stage === null || stage.status !== "RUNNING") {
    return skip(`stage is ${stage?.status ?? "gone"}`);
  }
  if (body.activity.logs.length > 0) await tx.appendLogs(body.activity.logs);
  if (body.activity.progressEvents.length > 0) {
    await tx.appendOutboxEvents(body.activity.progressEvents.map((e) => toOutboxEvent(e, now)));
  }
  const outcome = body.outcome;
  if (outcome.kind === "failed" && isStageDeferral(outcome.error)) {
    const retryAt = await commitStageDeferred(tx, {
      run,
      stage,
      job,
      deferral: outcome.error,
      usage: body.usage,
      now,
    });
    return { result: { outcome: "deferred", willRetry: true }, final: true, retryAt };
  }
  if (outcome.kind === "failed") {
    const failure = await commitStageFailed(tx, {
      run,
      stage,
      stageDefinition: options.definition,
      job,
      error: outcome.error,
      usage: body.usage,
      now,
    });
    return {
      result: {
        outcome: "failed",
        willRetry: failure.willRetry,
        error: errorMessage(outcome.error),
      },
      final: true,
      ...(failure.retryAt === undefined ? {} : { retryAt: failure.retryAt }),
      runFailed: !failure.willRetry,
    };
  }
  if (outcome.kind === "completed" && outcome.pendingPut) {
    const { blobStore } = options;
    const joined = await blobStore.putInTransaction?.(tx, outcome.outputRef, outcome.output);
    if (joined !== true) await blobStore.put(outcome.outputRef, outcome.output);
  }
  if (!(await tx.completeJob(jobId, now, { workerId }))) throw new LeaseLostSignal();
  if (outcome.kind === "completed") {
    const advanced = await commitStageCompleted(tx, {
      run,
      stage,
      workflow: options.workflow,
      outputRef: outcome.outputRef,
      output: outcome.output,
      usage: body.usage,
      customMetrics: outcome.customMetrics,
      progress: body.activity.latestProgress(),
      now,
      stages,
      ...(command.startNextJobs ? { startNext: { workerId, limit: command.startNextJobs } } : {}),
    });
    return {
      result: { outcome: "completed", output: outcome.output },
      final: true,
      ...(advanced.needsOutputs ? { transitionAfter: true } : {}),
      ...(advanced.started ? { started: advanced.started } : {}),
    };
  }
  const { suspension } = outcome;
  const nextPollAt = await storeBatchedRequests(tx, {
    stage,
    requests: suspension.batchedRequests,
    nextPollAt: suspension.nextPollAt,
    now,
  });
  const progress = body.activity.latestProgress();
  await tx.updateStage(
    stage.id,
    {
      status: "SUSPENDED",
      suspendedState: suspension.state,
      nextPollAt,
      pollIntervalMs: suspension.pollIntervalMs,
      maxWaitUntil: new Date(now.getTime() + suspension.maxWaitTimeMs),
      ...stageUsageAfter(stage, body.usage),
      metrics: stageMetrics(stage.metrics, suspension.customMetrics, body.usage),
      ...(progress === null ? {} : { progress }),
      error: null,
      traceparent: options.traceparent ?? null,
    },
    now,
    { expectedVersion: stage.version },
  );
  await tx.appendOutboxEvents([
    outboxEvent("stage:suspended", run, now, {
      stageId,
      nextPollAt: nextPollAt.toISOString(),
    }),
  ]);
  await addRunUsage(tx, run, body.usage, now);
  return { result: { outcome: "suspended" }, final: true, nextPollAt };
}
