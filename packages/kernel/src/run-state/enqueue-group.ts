import type { AnyWorkflow } from "@stageflow/core";
import type { Persistence } from "../ports/persistence";
import type { JobRecord } from "../records/job-record";
import type { RunRecord } from "../records/run-record";
import type { StageRecord } from "../records/stage-record";
import { newJobFor } from "./new-job";

/** Which of a group's jobs {@link enqueueGroup} starts at once, and for whom. */
export interface GroupStart {
  /** The worker the started jobs are leased to. */
  readonly workerId: string;
  /** The most jobs to start; the group's first stages (in definition order) are taken. */
  readonly limit: number;
}

/**
 * Creates the stage records of group `groupIndex` and one job per stage, through `tx`, so the
 * jobs become visible to workers only when the caller's transaction commits. With `start`, the
 * first `start.limit` stages are created RUNNING and their jobs leased to `start.workerId` (the
 * caller writes their `stage:started`); the rest are PENDING and queued. `started` lists the
 * started jobs' indexes into `stages` / `jobs`.
 */
export async function enqueueGroup(
  tx: Persistence,
  run: RunRecord,
  workflow: AnyWorkflow,
  groupIndex: number,
  now: Date,
  start?: GroupStart,
): Promise<{ stages: StageRecord[]; jobs: JobRecord[]; started: number }> {
  const group = workflow.getGroup(groupIndex);
  if (group === undefined) {
    throw new RangeError(`Workflow "${workflow.id}" has no execution group ${groupIndex}`);
  }
  const started = Math.min(start?.limit ?? 0, group.stages.length);
  const stages = await tx.createStages(
    group.stages.map((stage, index) => ({
      workflowRunId: run.id,
      stageId: stage.id,
      stageName: stage.name,
      groupIndex,
      now,
      ...(index < started ? { startedAt: now } : {}),
    })),
  );
  const jobs = await tx.enqueueJobs(
    group.stages.map((stage, index) => ({
      ...newJobFor(run, stage, now),
      ...(index < started && start ? { leasedTo: start.workerId } : {}),
    })),
  );
  return { stages, jobs, started };
}
