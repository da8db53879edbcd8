import { isStageflowError } from "@stageflow/core";
import type { RunTransitionResult } from "../commands/command-types";
import { RunNotFoundError } from "../errors/kernel-errors";
import type { KernelDeps } from "../kernel/kernel-deps";
import { type AdvanceResult, advanceRun } from "./advance-run";
import { preloadRunOutputs } from "./preload-run-outputs";

/** Rounds of "read the outputs, then transition" before giving up to a later transition. */
const MAX_ROUNDS = 5;

/**
 * Advances a run in its own transaction: current group all COMPLETED → next group or run
 * completed; a FAILED stage → run failed; otherwise noop. Safe to race with job completion: the
 * run row is locked and its version checked, and a `StaleVersionError` means someone else advanced
 * it, so the result is "noop". The last group's outputs are read before the transaction; if a
 * stage changed in between, the round is repeated (a few times, then a later transition or
 * `run.reapStuck` finishes the job).
 */
export async function transitionRun(
  deps: KernelDeps,
  workflowRunId: string,
): Promise<RunTransitionResult> {
  try {
    for (let round = 1; ; round++) {
      const seen = await deps.persistence.getRun(workflowRunId);
      if (seen === null) throw new RunNotFoundError(workflowRunId);
      const workflow = deps.registry.getWorkflow(seen.workflowId) ?? undefined;
      if (workflow === undefined) return { action: "noop" };
      const known = await preloadRunOutputs(deps, seen, workflow);
      const advanced = await deps.persistence.withTransaction(
        async (tx): Promise<AdvanceResult> => {
          const run = await tx.getRun(workflowRunId, { forUpdate: true });
          if (run === null) throw new RunNotFoundError(workflowRunId);
          return advanceRun(tx, run, workflow, deps.clock.now(), known);
        },
      );
      if (advanced.needsOutputs && round < MAX_ROUNDS) continue;
      if (advanced.action === "failed") deps.running.abortRun(workflowRunId, "failed");
      return advanced.currentGroup === undefined
        ? { action: advanced.action }
        : { action: advanced.action, currentGroup: advanced.currentGroup };
    }
  } catch (error) {
    if (isStageflowError(error) && error.code === "STALE_VERSION") return { action: "noop" };
    throw error;
  }
}
