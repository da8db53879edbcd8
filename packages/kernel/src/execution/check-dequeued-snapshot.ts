import type { JobExecuteCommand } from "../commands/command-types";
import { InvalidCommandError } from "../errors/command-errors";

/**
 * Checks `command.snapshot`, when given, before anything runs: it must describe the command's own
 * job, leased to its worker, and the job's run.
 *
 * @throws {@link InvalidCommandError} when it does not; nothing was written.
 */
export function checkDequeuedSnapshot(command: JobExecuteCommand): void {
  const snapshot = command.snapshot;
  if (snapshot === undefined) return;
  const { job, run } = snapshot;
  const matches =
    job.id === command.jobId &&
    job.workflowRunId === command.workflowRunId &&
    job.stageId === command.stageId &&
    job.status === "RUNNING" &&
    job.lockedBy === command.workerId &&
    run.id === command.workflowRunId;
  if (!matches) {
    throw new InvalidCommandError(
      command.type,
      "snapshot",
      "must be what the dequeue read with this job: same job, run, stage and worker",
    );
  }
}
