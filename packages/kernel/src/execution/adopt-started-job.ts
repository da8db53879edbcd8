import type { JobExecuteCommand, StartedJob } from "../commands/command-types";
import { InvalidCommandError } from "../errors/command-errors";
import type { KernelDeps } from "../kernel/kernel-deps";
import { namesLeasedJob } from "./names-leased-job";
import type { JobStart } from "./start-job";

/**
 * Phase 1 of `job.execute` for a job that `run.claimPending` already started (`command.started`):
 * no transaction, the claim committed the stage RUNNING and its `stage:started`. Returns `null`
 * when this kernel no longer knows the job's workflow or stage, so the regular phase 1 fails the
 * job as unrunnable.
 *
 * @throws {@link InvalidCommandError} when `started` does not describe the command's own job, run,
 * stage and worker.
 */
export function adoptStartedJob(
  deps: KernelDeps,
  command: JobExecuteCommand,
  started: StartedJob,
): Extract<JobStart, { kind: "started" }> | null {
  const { job, run, stages } = started;
  const stage = stages.find((each) => each.stageId === command.stageId);
  const matches =
    namesLeasedJob(command, job, run) && run.status === "RUNNING" && stage?.status === "RUNNING";
  if (!matches || stage === undefined) {
    throw new InvalidCommandError(
      command.type,
      "started",
      "must be the claim's start of this job: same job, run, stage and worker, all RUNNING",
    );
  }
  const workflow = deps.registry.getWorkflow(run.workflowId) ?? undefined;
  const definition = workflow?.getStage(command.stageId);
  if (workflow === undefined || definition === undefined) return null;
  return { kind: "started", run, stage, stages: [...stages], job, workflow, definition };
}
