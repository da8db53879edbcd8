/**
 * Blob-store keys the kernel uses. Everything of a stage lives under
 * `runs/<runId>/stages/<stageId>/`, so `BlobStore.list` finds (and rerun deletes) it all.
 */

/** The prefix of every blob of one stage of one run (ends with `/`). */
export function stageBlobPrefix(workflowRunId: string, stageId: string): string {
  return `runs/${workflowRunId}/stages/${stageId}/`;
}

/** Where a completed stage's output is stored. */
export function stageOutputKey(workflowRunId: string, stageId: string): string {
  return `${stageBlobPrefix(workflowRunId, stageId)}output`;
}

/** Where `ctx.storage.save(key, …)` of a stage stores its value. */
export function stageStorageKey(workflowRunId: string, stageId: string, key: string): string {
  return `${stageBlobPrefix(workflowRunId, stageId)}storage/${key}`;
}

/** The prefix of every blob of one run (ends with `/`). */
export function runBlobPrefix(workflowRunId: string): string {
  return `runs/${workflowRunId}/`;
}
