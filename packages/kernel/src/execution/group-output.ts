import type { ExecutionGroup } from "@stageflow/core";
import { MissingUpstreamOutputError } from "../errors/stage-errors";

/** True when `outputs` holds an output for `stageId` (an own property that is not `undefined`). */
function hasOutput(outputs: Readonly<Record<string, unknown>>, stageId: string): boolean {
  return Object.hasOwn(outputs, stageId) && outputs[stageId] !== undefined;
}

/**
 * The output of a completed group: its stage's output for a group of one, an object keyed by
 * stage id for a parallel group. This is the next group's input and, for the last group, the
 * run's output.
 *
 * @param requester - the stage (or `"workflow output"`) needing the value, for the error.
 * @throws {@link MissingUpstreamOutputError} naming every stage of the group without output.
 */
export function groupOutput(
  group: ExecutionGroup,
  outputs: Readonly<Record<string, unknown>>,
  requester: string,
): unknown {
  const missing = group.stages.filter((stage) => !hasOutput(outputs, stage.id)).map((s) => s.id);
  if (missing.length > 0) throw new MissingUpstreamOutputError(requester, missing);
  const [only] = group.stages;
  if (group.stages.length === 1 && only !== undefined) return outputs[only.id];
  return Object.fromEntries(group.stages.map((stage) => [stage.id, outputs[stage.id]]));
}
