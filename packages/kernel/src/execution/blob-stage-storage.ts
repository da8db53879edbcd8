import type { StageStorage } from "@stageflow/core";
import { assertJsonValue } from "../json/assert-json-value";
import type { BlobStore } from "../ports/blob-store";
import { stageStorageKey } from "./blob-keys";

/**
 * The `ctx.storage` of one stage of one run, on the blob store under
 * `runs/<runId>/stages/<stageId>/storage/<key>`. Values are checked with `assertJsonValue`
 * before they are written.
 */
export function createBlobStageStorage(
  blobStore: BlobStore,
  workflowRunId: string,
  stageId: string,
): StageStorage {
  const keyOf = (key: string): string => stageStorageKey(workflowRunId, stageId, key);
  return {
    async save(key, value) {
      assertJsonValue(value, `storage "${key}" of stage "${stageId}"`);
      await blobStore.put(keyOf(key), value);
    },
    load: (key) => blobStore.get(keyOf(key)),
    exists: (key) => blobStore.has(keyOf(key)),
    delete: (key) => blobStore.delete(keyOf(key)),
  };
}
