import type { AnyWorkflow } from "@stageflow/core";

/**
 * Whether `stageId` is the only stage of its group in `workflow` (false for an unknown workflow
 * or stage). Such a stage's start and completion can read the run, its job and its stages in one
 * round trip, and be planned against records the worker holds: no sibling changes them meanwhile.
 */
export function isAloneInGroup(workflow: AnyWorkflow | null | undefined, stageId: string): boolean {
  const index = workflow?.getGroupIndex(stageId);
  return index !== undefined && workflow?.getGroup(index)?.stages.length === 1;
}
