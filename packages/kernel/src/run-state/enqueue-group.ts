import type { AnyWorkflow } from "@stageflow/core";
import type { Persistence } from "../ports/persistence";
import type { JobRecord } from "../records/job-record";
import type { RunRecord } from "../records/run-record";
import type { StageRecord } from "../records/stage-record";
import { newJobFor } from "./new-job";

/**
 * Creates the PENDING stage records of group `groupIndex` and enqueues one job per stage, through
 * `tx`, so the jobs become visible to workers only when the caller's transaction commits.
 */
export async function enqueueGroup(
  tx: Persistence,
  run: RunRecord,
  workflow: AnyWorkflow,
  groupIndex: number,
  now: Date,
): Promise<{ stages: StageRecord[]; jobs: JobRecord[] }> {
  const group = workflow.getGroup(groupIndex);
  if (group === undefined) {
    throw new RangeError(`Workflow "${workflow.id}" has no execution group ${groupIndex}`);
  }
  const stages = await tx.createStages(
    group.stages.map((stage) => ({
      workflowRunId: run.id,
      stageId: stage.id,
      stageName: stage.name,
      groupIndex,
      now,
    })),
  );
  const jobs = await tx.enqueueJobs(group.stages.map((stage) => newJobFor(run, stage, now)));
  return { stages, jobs };
}
