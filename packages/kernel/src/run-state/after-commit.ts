import type { JobExecuteCommand } from "../commands/command-types";
import type { JobFinish } from "../execution/finish-job";
import type { KernelDeps } from "../kernel/kernel-deps";
import { transitionRun } from "./transition-run";

/**
 * Follow-ups of a committed `job.execute` outcome: complete the run when the transaction left
 * that to a transition (a sibling's output had to be read first), abort the run's other
 * in-process bodies when the run failed, and ask the optional scheduler to wake up for a retry or a suspended stage's first
 * poll. Scheduler failures are ignored: hosts poll for due work anyway.
 */
export async function afterCommit(
  deps: KernelDeps,
  command: JobExecuteCommand,
  finish: JobFinish,
): Promise<void> {
  const { workflowRunId, workflowId, stageId, jobId } = command;
  if (finish.transitionAfter) {
    // On failure the run stays RUNNING with its last group done; run.reapStuck completes it.
    await transitionRun(deps, workflowRunId).catch(() => {});
  }
  if (finish.runFailed) deps.running.abortRun(workflowRunId, "failed");
  const scheduler = deps.scheduler;
  if (scheduler === undefined) return;
  try {
    if (finish.retryAt !== undefined) {
      await scheduler.schedule(
        "job.execute",
        { jobId, workflowRunId, workflowId, stageId },
        finish.retryAt,
      );
    }
    if (finish.nextPollAt !== undefined) {
      await scheduler.schedule(
        "stage.pollSuspended",
        { workflowRunId, stageId },
        finish.nextPollAt,
      );
    }
  } catch {
    // Best effort.
  }
}
