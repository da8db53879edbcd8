import type { JobExecuteCommand } from "../commands/command-types";
import type { JobRecord } from "../records/job-record";
import type { RunRecord } from "../records/run-record";

/**
 * True when `job` and `run` are the command's own: the same job, run and stage, the job RUNNING
 * and leased to the command's worker. Records a caller hands to `job.execute` (a claim's
 * `started`, a dequeue's `snapshot`) must pass it.
 */
export function namesLeasedJob(
  command: JobExecuteCommand,
  job: JobRecord,
  run: RunRecord,
): boolean {
  return (
    job.id === command.jobId &&
    job.workflowRunId === command.workflowRunId &&
    job.stageId === command.stageId &&
    job.status === "RUNNING" &&
    job.lockedBy === command.workerId &&
    run.id === command.workflowRunId
  );
}
