import type { AnyStage, AnyWorkflow } from "@stageflow/core";
import type { JobExecuteCommand, JobExecuteResult } from "../commands/command-types";
import { StageNotInWorkflowError } from "../errors/command-errors";
import { WorkflowNotFoundError } from "../errors/kernel-errors";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { Persistence } from "../ports/persistence";
import type { JobRecord } from "../records/job-record";
import type { RunRecord } from "../records/run-record";
import type { StageRecord } from "../records/stage-record";
import { NO_USAGE } from "../run-state/add-run-usage";
import { outboxEvent } from "../run-state/build-event";
import { commitStageFailed } from "../run-state/commit-stage-failed";
import { failRun } from "../run-state/fail-run";
import { isAloneInGroup } from "./alone-in-group";
import { errorMessage, toStoredError } from "./failure-info";

/** The outcome of phase 1 of `job.execute`. */
export type JobStart =
  /** Nothing to run and nothing to remember (ghost job, lost lease, stale job). */
  | { readonly kind: "skipped"; readonly result: JobExecuteResult }
  /** Finished without running the body (unknown workflow or stage): final. */
  | { readonly kind: "finished"; readonly result: JobExecuteResult }
  /**
   * A redelivered job of a COMPLETED stage: the job was marked completed; its result is the
   * stored output, read after the commit (no blob read inside a transaction).
   */
  | { readonly kind: "redelivered"; readonly outputRef: string | null }
  /** The stage is RUNNING: run the body. */
  | {
      readonly kind: "started";
      readonly run: RunRecord;
      readonly stage: StageRecord;
      readonly stages: StageRecord[];
      readonly job: JobRecord;
      readonly workflow: AnyWorkflow;
      readonly definition: AnyStage;
    };

const skipped = (reason: string): JobStart => ({
  kind: "skipped",
  result: { outcome: "skipped", reason },
});

/**
 * The locked run for phase 1 and, for a stage alone in its group on a persistence with
 * `lockRunWithJobAndStages`, the job and stages read with it in one round trip (`stages`
 * undefined: read them one by one after the lock, as for a stage with siblings).
 */
async function readForStart(
  tx: Persistence,
  deps: KernelDeps,
  command: JobExecuteCommand,
): Promise<{ run: RunRecord | null; job: JobRecord | null; stages?: StageRecord[] }> {
  const alone = isAloneInGroup(deps.registry.getWorkflow(command.workflowId), command.stageId);
  if (alone && tx.lockRunWithJobAndStages !== undefined) {
    return tx.lockRunWithJobAndStages(command.workflowRunId, command.jobId);
  }
  return { run: await tx.getRun(command.workflowRunId, { forUpdate: true }), job: null };
}

/**
 * Phase 1 of `job.execute`, inside one transaction: locks the run. A run that is not RUNNING makes
 * the job a ghost (its leftover jobs are cancelled, nothing else is written). A COMPLETED stage
 * (redelivery) completes the job without running the body. Otherwise, with the job's lease
 * held by `workerId`, the stage becomes RUNNING for the job's attempt (its progress cleared) and
 * `stage:started` is written.
 */
export async function startJob(
  tx: Persistence,
  deps: KernelDeps,
  command: JobExecuteCommand,
  now: Date,
): Promise<JobStart> {
  const { workflowRunId, stageId, jobId, workerId } = command;
  const read = await readForStart(tx, deps, command);
  const { run } = read;
  if (run === null || run.status !== "RUNNING") return skipGhost(tx, workflowRunId, run, now);
  const stages = read.stages ?? (await tx.getStagesByRun(workflowRunId));
  let stage = stages.find((each) => each.stageId === stageId) ?? null;
  if (stage?.status === "COMPLETED") {
    await tx.completeJob(jobId, now, { workerId });
    return { kind: "redelivered", outputRef: stage.outputRef };
  }
  const job = read.stages === undefined ? await tx.getJob(jobId) : read.job;
  if (job === null || job.workflowRunId !== workflowRunId || job.stageId !== stageId) {
    return skipped("job not found");
  }
  if (job.status !== "RUNNING" || job.lockedBy !== workerId) {
    return skipped(`job lease not held by "${workerId}" (job is ${job.status})`);
  }
  const workflow = deps.registry.getWorkflow(run.workflowId) ?? undefined;
  const definition = workflow?.getStage(stageId);
  if (workflow === undefined || definition === undefined) {
    const error =
      workflow === undefined
        ? new WorkflowNotFoundError(run.workflowId)
        : new StageNotInWorkflowError(stageId, run.workflowId);
    return { kind: "finished", result: await failUnrunnable(tx, run, stage, job, error, now) };
  }
  if (stage === null) {
    const groupIndex = workflow.getGroupIndex(stageId) ?? run.currentGroup ?? 1;
    const [created] = await tx.createStages([
      { workflowRunId, stageId, stageName: definition.name, groupIndex, now },
    ]);
    if (created === undefined) return skipped("stage record could not be created");
    stage = created;
  }
  if (stage.status !== "PENDING" && stage.status !== "RUNNING") {
    return skipped(`stage is ${stage.status}`);
  }
  if (stage.groupIndex !== run.currentGroup) {
    return skipped(`stage is in group ${stage.groupIndex}, the run is at ${run.currentGroup}`);
  }
  const running = await tx.updateStage(
    stage.id,
    {
      status: "RUNNING",
      attempt: job.attempt,
      startedAt: now,
      completedAt: null,
      // A new attempt starts without the progress an earlier one reported.
      ...(stage.progress === null ? {} : { progress: null }),
    },
    now,
    { expectedVersion: stage.version },
  );
  await tx.appendOutboxEvents([
    outboxEvent("stage:started", run, now, {
      stageId,
      stageName: running.stageName,
      groupIndex: running.groupIndex,
      attempt: job.attempt,
    }),
  ]);
  const others = stages.filter((each) => each.id !== running.id);
  return {
    kind: "started",
    run,
    stage: running,
    stages: [...others, running],
    job,
    workflow,
    definition,
  };
}

/**
 * A job of a run that is not RUNNING: nothing is written about the run or its stages. When the
 * run is over (or gone) its leftover jobs are cancelled; a PENDING run's job is left to the
 * stale-lease reaper (the kernel never enqueues one before the claim commits).
 */
export async function skipGhost(
  tx: Persistence,
  workflowRunId: string,
  run: RunRecord | null,
  now: Date,
): Promise<{ kind: "skipped"; result: JobExecuteResult }> {
  if (run?.status !== "PENDING") await tx.cancelJobsByRun(workflowRunId, now);
  const reason = run === null ? "run not found" : `run is ${run.status}`;
  return { kind: "skipped", result: { outcome: "skipped", reason } };
}

/** Fails a job whose workflow or stage this kernel does not know, and its run. */
async function failUnrunnable(
  tx: Persistence,
  run: RunRecord,
  stage: StageRecord | null,
  job: JobRecord,
  error: Error,
  now: Date,
): Promise<JobExecuteResult> {
  if (stage !== null) {
    await commitStageFailed(tx, {
      run,
      stage,
      stageDefinition: undefined,
      job: { ...job, maxAttempts: job.attempt },
      error,
      usage: NO_USAGE,
      now,
    });
  } else {
    await tx.failJob(job.id, errorMessage(error), now);
    await failRun(tx, run, toStoredError(error, job.stageId), now);
  }
  return { outcome: "failed", willRetry: false, error: errorMessage(error) };
}
