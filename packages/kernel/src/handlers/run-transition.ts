import { isStageflowError } from "@stageflow/core";
import type { RunTransitionCommand, RunTransitionResult } from "../commands/command-types";
import { RunNotFoundError } from "../errors/kernel-errors";
import type { KernelDeps } from "../kernel/kernel-deps";
import { advanceRun } from "../run-state/advance-run";

/**
 * `run.transition`: applies the advance logic on its own (after a resume, by `run.reapStuck`, or
 * by hand): current group all COMPLETED → next group or run completed; a FAILED stage → run
 * failed; otherwise noop. Safe to race with job completion: the run row is locked and its version
 * checked, and a `StaleVersionError` means someone else advanced it, so the result is "noop".
 */
export async function handleRunTransition(
  deps: KernelDeps,
  command: RunTransitionCommand,
): Promise<RunTransitionResult> {
  try {
    const result = await deps.persistence.withTransaction(async (tx) => {
      const run = await tx.getRun(command.workflowRunId, { forUpdate: true });
      if (run === null) throw new RunNotFoundError(command.workflowRunId);
      const workflow = deps.registry.getWorkflow(run.workflowId);
      if (workflow === null || workflow === undefined) return { action: "noop" as const };
      const advanced = await advanceRun(tx, deps.blobStore, run, workflow, deps.clock.now());
      return advanced.currentGroup === undefined
        ? { action: advanced.action }
        : { action: advanced.action, currentGroup: advanced.currentGroup };
    });
    if (result.action === "failed") deps.running.abortRun(command.workflowRunId, "failed");
    return result;
  } catch (error) {
    if (isStageflowError(error) && error.code === "STALE_VERSION") return { action: "noop" };
    throw error;
  }
}
