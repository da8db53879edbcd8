import type { AnyWorkflow } from "@stageflow/core";
import type { RunRerunFromCommand, RunRerunFromResult } from "../commands/command-types";
import { RerunNotAllowedError, StageNotInWorkflowError } from "../errors/command-errors";
import { RunNotFoundError, WorkflowNotFoundError } from "../errors/kernel-errors";
import { stageBlobPrefix } from "../execution/blob-keys";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { BlobStore } from "../ports/blob-store";
import type { Persistence } from "../ports/persistence";
import type { RunRecord } from "../records/run-record";
import type { StageRecord } from "../records/stage-record";
import { outboxEvent } from "../run-state/build-event";
import { enqueueGroup } from "../run-state/enqueue-group";

/**
 * Throws unless `run` may be rerun from group `target`: not PENDING, not RUNNING with a live
 * (PENDING/RUNNING) job, and every stage of the earlier groups COMPLETED.
 */
async function assertRerunnable(
  tx: Persistence,
  run: RunRecord,
  workflow: AnyWorkflow,
  stages: readonly StageRecord[],
  command: RunRerunFromCommand,
  target: number,
): Promise<void> {
  const refuse = (reason: string): never => {
    throw new RerunNotAllowedError(run.id, command.fromStageId, reason);
  };
  if (run.status === "PENDING") refuse("the run has not started yet");
  if (run.status === "RUNNING") {
    const live = (await tx.getJobsByRun(run.id)).filter(
      (job) => job.status === "PENDING" || job.status === "RUNNING",
    );
    if (live.length > 0) {
      refuse(
        `the run is RUNNING with ${live.length} live job(s); cancel it or wait for it to finish`,
      );
    }
  }
  const byId = new Map(stages.map((stage) => [stage.stageId, stage] as const));
  for (let index = 1; index < target; index++) {
    const group = workflow.getGroup(index);
    const incomplete = (group?.stages ?? []).filter((s) => byId.get(s.id)?.status !== "COMPLETED");
    if (incomplete.length > 0) {
      const names = incomplete.map((s) => `"${s.id}"`).join(", ");
      refuse(
        `execution group ${index} (before group ${target}) is not completed: ${names} has no completed run`,
      );
    }
  }
}

/** Deletes every blob (output and storage) of the named stages of a run. */
async function deleteStageBlobs(blobStore: BlobStore, runId: string, stageIds: readonly string[]) {
  for (const stageId of stageIds) {
    const keys = await blobStore.list(stageBlobPrefix(runId, stageId));
    await Promise.all(keys.map((key) => blobStore.delete(key)));
  }
}

/**
 * `run.rerunFrom`: reruns a finished run (or a RUNNING one with no live job) from the group of
 * `fromStageId`. In one transaction: deletes the stage records and jobs of that group and every
 * later one, sets the run RUNNING at that group (clearing output, error and completedAt), creates
 * the group's stages and jobs, and writes `workflow:rerun`. The deleted stages' blobs (outputs and
 * storage) are deleted before the commit makes the new jobs visible, so no deleted output stays
 * readable and no fresh output is deleted. Earlier outputs stay available to `ctx.require`. Run
 * totals keep the cost already spent. Invalid targets change nothing.
 *
 * @throws `RunNotFoundError`, `StageNotInWorkflowError`, `RerunNotAllowedError`.
 */
export async function handleRunRerunFrom(
  deps: KernelDeps,
  command: RunRerunFromCommand,
): Promise<RunRerunFromResult> {
  const { workflowRunId, fromStageId } = command;
  return deps.persistence.withTransaction(async (tx) => {
    const run = await tx.getRun(workflowRunId, { forUpdate: true });
    if (run === null) throw new RunNotFoundError(workflowRunId);
    const workflow = deps.registry.getWorkflow(run.workflowId);
    if (workflow === null || workflow === undefined)
      throw new WorkflowNotFoundError(run.workflowId);
    const target = workflow.getGroupIndex(fromStageId);
    if (target === undefined) throw new StageNotInWorkflowError(fromStageId, workflow.id);
    const stages = await tx.getStagesByRun(run.id);
    await assertRerunnable(tx, run, workflow, stages, command, target);

    const now = deps.clock.now();
    const laterIds = workflow
      .getExecutionPlan()
      .filter((group) => group.index >= target)
      .flatMap((group) => group.stages.map((stage) => stage.id));
    const deletedStages = stages
      .filter((stage) => stage.groupIndex >= target || laterIds.includes(stage.stageId))
      .map((stage) => stage.stageId);
    const idsToDelete = [...new Set([...laterIds, ...deletedStages])];
    await tx.deleteStages(run.id, idsToDelete);
    await tx.deleteJobs(run.id, idsToDelete);
    const rerun = await tx.updateRun(
      run.id,
      { status: "RUNNING", currentGroup: target, output: null, error: null, completedAt: null },
      now,
      { expectedVersion: run.version },
    );
    await enqueueGroup(tx, rerun, workflow, target, now);
    await tx.appendOutboxEvents([
      outboxEvent("workflow:rerun", run, now, { fromStageId, fromGroup: target, deletedStages }),
    ]);
    await deleteStageBlobs(deps.blobStore, run.id, idsToDelete);
    return { workflowRunId, fromStageId, deletedStages };
  });
}
