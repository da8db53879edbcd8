import type { BlobStore } from "../ports/blob-store";
import type { StageRecord } from "../records/stage-record";
import type { KnownOutputTexts } from "./started-outputs";

/**
 * Loads the stored outputs of the COMPLETED stages among `stages` whose group is before
 * `beforeGroup`, keyed by stage id: the `workflowContext` of a stage of group `beforeGroup`.
 * Pass `Number.POSITIVE_INFINITY` for every completed stage. With `known`, an output whose blob
 * key is there is parsed from it instead of read, and every output read is added to it.
 */
export async function loadStageOutputs(
  blobStore: BlobStore,
  stages: readonly StageRecord[],
  beforeGroup: number,
  known?: KnownOutputTexts,
): Promise<Record<string, unknown>> {
  const completed = stages.filter(
    (stage) =>
      stage.groupIndex < beforeGroup && stage.status === "COMPLETED" && stage.outputRef !== null,
  );
  const values = await Promise.all(
    completed.map(async (stage) => {
      const ref = stage.outputRef ?? "";
      const text = known?.get(ref);
      if (text !== undefined) return JSON.parse(text) as unknown;
      const value = await blobStore.get(ref);
      if (known !== undefined && value !== undefined) known.set(ref, JSON.stringify(value));
      return value;
    }),
  );
  const outputs: Record<string, unknown> = {};
  completed.forEach((stage, index) => {
    const value = values[index];
    if (value !== undefined) outputs[stage.stageId] = value;
  });
  return outputs;
}
