import type { BlobStore } from "../ports/blob-store";
import type { StageRecord } from "../records/stage-record";

/**
 * Stage outputs read from the blob store before a transaction opens, keyed by stage record id.
 * Each entry is valid only for the stage version it was read at, so a stage that changed since
 * (completed again after a rerun, say) is never completed with a stale value.
 *
 * Blob reads never happen inside a transaction: on a pooled database each read would need a
 * second connection while the transaction holds one, and enough concurrent completions would
 * exhaust the pool.
 */
export type KnownOutputs = ReadonlyMap<
  string,
  { readonly version: number; readonly value: unknown }
>;

/** No outputs known. */
export const NO_KNOWN_OUTPUTS: KnownOutputs = new Map();

/** Reads the outputs of the COMPLETED stages among `stages` (outside any transaction). */
export async function loadKnownOutputs(
  blobStore: BlobStore,
  stages: readonly StageRecord[],
): Promise<KnownOutputs> {
  const completed = stages.filter((s) => s.status === "COMPLETED" && s.outputRef !== null);
  const values = await Promise.all(completed.map((s) => blobStore.get(s.outputRef ?? "")));
  return new Map(
    completed.map((stage, index) => [stage.id, { version: stage.version, value: values[index] }]),
  );
}

/**
 * The outputs of `stages` keyed by stage id, taken from `known`; `null` when one of them is not
 * known at its current version (the caller reads it after the transaction and tries again).
 * Stages without a stored output are left out (the group's output then reports them missing).
 */
export function outputsFromKnown(
  stages: readonly StageRecord[],
  known: KnownOutputs,
): Record<string, unknown> | null {
  const outputs: Record<string, unknown> = {};
  for (const stage of stages) {
    if (stage.outputRef === null) continue;
    const entry = known.get(stage.id);
    if (entry === undefined || entry.version !== stage.version) return null;
    if (entry.value !== undefined) outputs[stage.stageId] = entry.value;
  }
  return outputs;
}
