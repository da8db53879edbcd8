import type { AnyWorkflow } from "@stageflow/core";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { RunRecord } from "../records/run-record";
import { type KnownOutputs, loadKnownOutputs, NO_KNOWN_OUTPUTS } from "./known-outputs";

/**
 * Before a transaction that may complete `run`: when the run is RUNNING at its workflow's last
 * group, reads the outputs of that group's COMPLETED stages (no transaction open, no lock taken).
 * Anything else needs no output, and nothing is read.
 */
export async function preloadRunOutputs(
  deps: KernelDeps,
  run: RunRecord,
  workflow: AnyWorkflow,
): Promise<KnownOutputs> {
  const groupIndex = run.currentGroup ?? 1;
  if (run.status !== "RUNNING" || workflow.getGroup(groupIndex + 1) !== undefined) {
    return NO_KNOWN_OUTPUTS;
  }
  const stages = await deps.persistence.getStagesByRun(run.id);
  const last = stages.filter((stage) => stage.groupIndex === groupIndex);
  return loadKnownOutputs(deps.blobStore, last);
}
