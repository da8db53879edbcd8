import type { BlobStore, RunDetail, StageRecord } from "@stageflow/kernel";

/** Where the input and output of a run's stages come from. */
export interface StageValueSource {
  readonly run: { readonly input: unknown };
  readonly stages: readonly Pick<StageRecord, "stageId" | "groupIndex" | "outputRef" | "status">[];
}

/** The output of `stage` from the blob store, or `undefined` (no store, not completed, gone). */
export async function stageOutput(
  blobStore: BlobStore | undefined,
  stage: Pick<StageRecord, "outputRef">,
): Promise<unknown> {
  if (blobStore === undefined || stage.outputRef === null) return undefined;
  return blobStore.get(stage.outputRef);
}

/**
 * The input `stageId` received, as the kernel resolves it: the run input for group 1, else the
 * previous group's output (its stage's output for a group of one, an object keyed by stage id
 * for a parallel group). `undefined` when a needed output is unavailable.
 *
 * @param outputs - the outputs already read, keyed by stage id (missing ones are read).
 */
export async function stageInput(
  blobStore: BlobStore | undefined,
  source: StageValueSource,
  stageId: string,
  outputs: Map<string, unknown> = new Map(),
): Promise<unknown> {
  const stage = source.stages.find((s) => s.stageId === stageId);
  if (stage === undefined) return undefined;
  if (stage.groupIndex <= 1) return source.run.input;
  const previous = source.stages.filter((s) => s.groupIndex === stage.groupIndex - 1);
  if (previous.length === 0) return undefined;
  const values: Record<string, unknown> = {};
  for (const upstream of previous) {
    if (!outputs.has(upstream.stageId)) {
      outputs.set(upstream.stageId, await stageOutput(blobStore, upstream));
    }
    const value = outputs.get(upstream.stageId);
    if (value === undefined) return undefined;
    values[upstream.stageId] = value;
  }
  const [only] = previous;
  return previous.length === 1 && only ? values[only.stageId] : values;
}

/** Reads the output of every completed stage of `detail`, keyed by stage id. */
export async function readStageOutputs(
  blobStore: BlobStore | undefined,
  detail: Pick<RunDetail, "stages">,
): Promise<Map<string, unknown>> {
  const outputs = new Map<string, unknown>();
  await Promise.all(
    detail.stages.map(async (stage) => {
      outputs.set(stage.stageId, await stageOutput(blobStore, stage));
    }),
  );
  return outputs;
}
