import type { JobExecuteCommand } from "../commands/command-types";
import type { KernelDeps } from "../kernel/kernel-deps";
import { isAloneInGroup } from "./alone-in-group";
import { commitSpeculatively, speculateOptionsOf } from "./commit-speculatively";
import { type JobStart, startJob } from "./start-job";

/**
 * Phase 1 of `job.execute` for a dequeued job without a transaction: takes the run, the job and
 * the stages from `command.snapshot` (read by the dequeue itself) or reads them in one round trip
 * (`Persistence.getRunWithJobAndStages`), plans the start against them and commits it in one
 * statement (`commitSpeculatively`). `undefined` when the caller must
 * start the job in a transaction: no speculation here, a stage with siblings in its group (their
 * completions do not change the run), or anything but a plain start of a RUNNING job.
 */
export async function startSpeculatively(
  deps: KernelDeps,
  command: JobExecuteCommand,
): Promise<Extract<JobStart, { kind: "started" }> | undefined> {
  const { persistence } = deps;
  if (persistence.speculate === undefined || persistence.getRunWithJobAndStages === undefined) {
    return undefined;
  }
  if (!isAloneInGroup(deps.registry.getWorkflow(command.workflowId), command.stageId)) {
    return undefined;
  }
  const { run, job, stages } =
    command.snapshot === undefined
      ? await persistence.getRunWithJobAndStages(command.workflowRunId, command.jobId)
      : command.snapshot;
  if (run === null || job === null || run.status !== "RUNNING") return undefined;
  const start = await commitSpeculatively(
    persistence,
    { run, job, stages },
    (tx) => startJob(tx, deps, command, deps.clock.now()),
    (value) => value.kind === "started",
    speculateOptionsOf(command),
  );
  return start?.kind === "started" ? start : undefined;
}
