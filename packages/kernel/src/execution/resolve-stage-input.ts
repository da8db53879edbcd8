import type { AnyWorkflow } from "@stageflow/core";
import { groupOutput } from "./group-output";

/**
 * The raw input of a stage of group `groupIndex`: the run input for group 1; otherwise the
 * previous group's output (its stage's output for a group of one, an object keyed by stage id
 * for a parallel group).
 *
 * @param outputs - outputs of the completed stages of earlier groups, keyed by stage id.
 * @throws `MissingUpstreamOutputError` when an output of the previous group is missing.
 */
export function resolveStageInput(options: {
  readonly workflow: AnyWorkflow;
  readonly stageId: string;
  readonly groupIndex: number;
  readonly runInput: unknown;
  readonly outputs: Readonly<Record<string, unknown>>;
}): unknown {
  const { workflow, stageId, groupIndex } = options;
  if (groupIndex <= 1) return options.runInput;
  const previous = workflow.getGroup(groupIndex - 1);
  if (previous === undefined)
    throw new RangeError(`No group ${groupIndex - 1} in "${workflow.id}"`);
  return groupOutput(previous, options.outputs, stageId);
}
