import type { JobExecuteCommand } from "../commands/command-types";
import { InvalidCommandError } from "../errors/command-errors";
import { namesLeasedJob } from "./names-leased-job";

/**
 * Checks `command.snapshot`, when given, before anything runs: it must describe the command's own
 * job, leased to its worker, and the job's run.
 *
 * @throws {@link InvalidCommandError} when it does not; nothing was written.
 */
export function checkDequeuedSnapshot(command: JobExecuteCommand): void {
  const snapshot = command.snapshot;
  if (snapshot === undefined) return;
  if (!namesLeasedJob(command, snapshot.job, snapshot.run)) {
    throw new InvalidCommandError(
      command.type,
      "snapshot",
      "must be what the dequeue read with this job: same job, run, stage and worker",
    );
  }
}
