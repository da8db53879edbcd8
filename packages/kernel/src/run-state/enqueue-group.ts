import type { AnyWorkflow } from "@stageflow/core";
import type { Persistence } from "../ports/persistence";
import type { JobRecord, NewJob } from "../records/job-record";
import type { NewOutboxEvent } from "../records/outbox-record";
import type { RunRecord } from "../records/run-record";
import type { CreateStageInput, StageRecord } from "../records/stage-record";
import { outboxEvent } from "./build-event";
import { insertStagesJobsAndEvents } from "./insert-stages-jobs-and-events";
import { newJobFor } from "./new-job";

/** Which of a group's jobs {@link planGroup} starts at once, and for whom. */
export interface GroupStart {
  /** The worker the started jobs are leased to. */
  readonly workerId: string;
  /** The most jobs to start; the group's first stages (in definition order) are taken. */
  readonly limit: number;
}

/** The stage records and jobs of one group, index for index, and how many are started. */
export interface GroupPlan {
  readonly stages: CreateStageInput[];
  readonly jobs: NewJob[];
  /** The first `started` stages are created RUNNING and their jobs leased. */
  readonly started: number;
}

/**
 * The stage records and jobs of group `groupIndex` of `run`, one job per stage. With `start`, the
 * first `start.limit` stages are created RUNNING and their jobs leased to `start.workerId` (the
 * caller writes their `stage:started`); the others are PENDING and queued.
 *
 * @throws RangeError when the workflow has no such group.
 */
export function planGroup(
  run: RunRecord,
  workflow: AnyWorkflow,
  groupIndex: number,
  now: Date,
  start?: GroupStart,
): GroupPlan {
  const group = workflow.getGroup(groupIndex);
  if (group === undefined) {
    throw new RangeError(`Workflow "${workflow.id}" has no execution group ${groupIndex}`);
  }
  const started = Math.min(start?.limit ?? 0, group.stages.length);
  const stages = group.stages.map((stage, index) => ({
    workflowRunId: run.id,
    stageId: stage.id,
    stageName: stage.name,
    groupIndex,
    now,
    ...(index < started ? { startedAt: now } : {}),
  }));
  const jobs = group.stages.map((stage, index) => ({
    ...newJobFor(run, stage, now),
    ...(index < started && start ? { leasedTo: start.workerId } : {}),
  }));
  return { stages, jobs, started };
}

/** The `stage:started` events of the stages `plan` starts (attempt 1). */
export function startedEvents(run: RunRecord, plan: GroupPlan, now: Date): NewOutboxEvent[] {
  return plan.stages.slice(0, plan.started).map((stage) =>
    outboxEvent("stage:started", run, now, {
      stageId: stage.stageId,
      stageName: stage.stageName,
      groupIndex: stage.groupIndex,
      attempt: 1,
    }),
  );
}

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
  const plan = planGroup(run, workflow, groupIndex, now);
  const { stages, jobs } = await insertStagesJobsAndEvents(tx, { ...plan, events: [] });
  return { stages, jobs };
}
