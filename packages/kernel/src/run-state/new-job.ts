import { type AnyStage, resolveRetryPolicy } from "@stageflow/core";
import type { NewJob } from "../records/job-record";
import type { RunRecord } from "../records/run-record";

/**
 * The job that executes `stage` of `run`: the run's priority, `maxAttempts` from the stage's retry
 * policy (default 3).
 */
export function newJobFor(
  run: RunRecord,
  stage: AnyStage,
  now: Date,
  options: { readonly attempt?: number; readonly availableAt?: Date } = {},
): NewJob {
  const job: NewJob = {
    workflowRunId: run.id,
    workflowId: run.workflowId,
    stageId: stage.id,
    priority: run.priority,
    attempt: options.attempt ?? 1,
    maxAttempts: resolveRetryPolicy(stage).maxAttempts,
    payload: {},
    now,
  };
  if (options.availableAt !== undefined) job.availableAt = options.availableAt;
  return job;
}
