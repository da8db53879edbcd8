import type { BlobStore } from "../ports/blob-store";
import type { StageRecord } from "../records/stage-record";

/**
 * Loads the stored outputs of the COMPLETED stages among `stages` whose group is before
 * `beforeGroup`, keyed by stage id: the `workflowContext` of a stage of group `beforeGroup`.
 * Pass `Number.POSITIVE_INFINITY` for every completed stage.
 */
export async function loadStageOutputs(
  blobStore: BlobStore,
  stages: readonly StageRecord[],
  beforeGroup: number,
): Promise<Record<string, unknown>> {
  const completed = stages.filter(
    (stage) =>
      stage.groupIndex < beforeGroup && stage.status === "COMPLETED" && stage.outputRef !== null,
  );
  const values = await Promise.all(completed.map((stage) => blobStore.get(stage.outputRef ?? "")));
  const outputs: Record<string, unknown> = {};
  completed.forEach((stage, index) => {
    const value = values[index];
    if (value !== undefined) outputs[stage.stageId] = value;
  });
  return outputs;
}
