import type { RunTransitionCommand, RunTransitionResult } from "../commands/command-types";
import type { KernelDeps } from "../kernel/kernel-deps";
import { transitionRun } from "../run-state/transition-run";

/**
 * `run.transition`: applies the advance logic on its own (after a resume, by `run.reapStuck`, or
 * by hand): current group all COMPLETED → next group or run completed; a FAILED stage → run
 * failed; otherwise noop. Throws `RunNotFoundError` for an unknown run.
 */
export function handleRunTransition(
  deps: KernelDeps,
  command: RunTransitionCommand,
): Promise<RunTransitionResult> {
  return transitionRun(deps, command.workflowRunId);
}
