import type { AICallLogger } from "../logger";
import type { AIBatchInfo } from "./ai-batch";

/** Batches remembered in this process (shared by every helper and every copy of the package). */
const MEMORY_KEY = Symbol.for("@stageflow/ai/batch-infos");
/** At most this many batches are remembered in memory (oldest forgotten first). */
export const REMEMBERED_BATCHES = 1_000;

function memory(): Map<string, AIBatchInfo> {
  const holder = globalThis as { [MEMORY_KEY]?: Map<string, AIBatchInfo> };
  holder[MEMORY_KEY] ??= new Map();
  return holder[MEMORY_KEY];
}

const keyOf = (provider: string, batchId: string) => `${provider}\u0000${batchId}`;

/** Where a helper keeps and finds the infos of the batches it submitted. */
export interface BatchInfoStore {
  /** Remembers `info` in this process and hands it to the logger (failures reported, not thrown). */
  save(info: AIBatchInfo): Promise<void>;
  /** The info of a batch: from this process's memory, else from the logger. */
  load(provider: string, batchId: string): Promise<AIBatchInfo | undefined>;
}

/** A store over process memory and the logger's optional `saveBatchInfo` / `loadBatchInfo`. */
export function createBatchInfoStore(
  logger: AICallLogger | undefined,
  onError: (error: unknown) => void,
): BatchInfoStore {
  return {
    async save(info) {
      const remembered = memory();
      const key = keyOf(info.provider, info.batchId);
      remembered.delete(key);
      remembered.set(key, info);
      for (const oldest of remembered.keys()) {
        if (remembered.size <= REMEMBERED_BATCHES) break;
        remembered.delete(oldest);
      }
      try {
        await logger?.saveBatchInfo?.(info);
      } catch (error) {
        onError(error);
      }
    },
    async load(provider, batchId) {
      const known = memory().get(keyOf(provider, batchId));
      if (known !== undefined) return known;
      return (await logger?.loadBatchInfo?.(provider, batchId)) ?? undefined;
    },
  };
}

/** Forgets every batch remembered in this process (what a restart does); for tests. */
export function forgetRememberedBatches(): void {
  memory().clear();
}
