import { BatchNotFoundError, BatchNotReadyError } from "../errors/batch-errors";
import type {
  ProviderBatchApi,
  ProviderBatchRequest,
  ProviderBatchResult,
  ProviderBatchStatus,
} from "../provider";
import {
  type OfflineBatchStore,
  offlineBatchKey,
  type StoredOfflineBatch,
  StoredOfflineBatchSchema,
} from "./offline-batch-store";

/** What the offline batch API needs from its provider. */
export interface OfflineBatchApiOptions {
  name: string;
  batchDelayMs: number;
  now: () => number;
  store: OfflineBatchStore | undefined;
  /** Computes one request's result (the same code as the provider's direct calls). */
  run: (request: ProviderBatchRequest) => ProviderBatchResult;
}

type OfflineState = "pending" | "processing" | "completed" | "cancelled";

/**
 * In-memory (optionally stored) batches: `pending` for the first half of `batchDelayMs` after
 * submission, `processing` for the second half, `completed` from then on. Cancelling before
 * completion makes the batch `failed` (provider status `cancelled`) with every request failed.
 */
export function createOfflineBatchApi(options: OfflineBatchApiOptions): ProviderBatchApi {
  const { name, batchDelayMs, now, store, run } = options;
  const batches = new Map<string, StoredOfflineBatch>();

  const save = async (batch: StoredOfflineBatch) => {
    batches.set(batch.id, batch);
    await store?.put(offlineBatchKey(batch.id), JSON.parse(JSON.stringify(batch)));
  };

  const load = async (batchId: string): Promise<StoredOfflineBatch> => {
    const cached = batches.get(batchId);
    if (cached) return cached;
    const stored = store ? await store.get(offlineBatchKey(batchId)) : undefined;
    if (stored === undefined || stored === null) throw new BatchNotFoundError(name, batchId);
    const parsed = StoredOfflineBatchSchema.safeParse(stored);
    if (!parsed.success) throw new BatchNotFoundError(name, batchId, parsed.error);
    batches.set(batchId, parsed.data);
    return parsed.data;
  };

  const stateOf = (batch: StoredOfflineBatch): OfflineState => {
    const readyAt = batch.submittedAt + batchDelayMs;
    if (batch.cancelledAt !== undefined && batch.cancelledAt < readyAt) return "cancelled";
    const elapsed = now() - batch.submittedAt;
    if (elapsed >= batchDelayMs) return "completed";
    return elapsed >= batchDelayMs / 2 ? "processing" : "pending";
  };

  return {
    async submit(model, requests) {
      const id = `offline_batch_${globalThis.crypto.randomUUID()}`;
      const copy = JSON.parse(JSON.stringify(requests)) as StoredOfflineBatch["requests"];
      await save({ v: 1, id, model, submittedAt: now(), requests: copy });
      return { id };
    },

    async getStatus(batchId): Promise<ProviderBatchStatus> {
      const batch = await load(batchId);
      const state = stateOf(batch);
      const total = batch.requests.length;
      const counts = { total, succeeded: 0, failed: 0, processing: 0 };
      if (state === "completed") counts.succeeded = total;
      else if (state === "cancelled") counts.failed = total;
      else counts.processing = total;
      const status = state === "cancelled" ? "failed" : state;
      return { status, counts, providerStatus: state };
    },

    async getResults(batchId) {
      const batch = await load(batchId);
      const state = stateOf(batch);
      if (state === "cancelled") {
        return batch.requests.map((r) => ({
          id: r.id,
          status: "failed" as const,
          error: "Batch was cancelled before it completed",
          inputTokens: 0,
          outputTokens: 0,
        }));
      }
      if (state !== "completed") throw new BatchNotReadyError(name, batchId, state);
      return batch.requests.map(run);
    },

    async cancel(batchId) {
      const batch = await load(batchId);
      const state = stateOf(batch);
      if (state === "pending" || state === "processing")
        await save({ ...batch, cancelledAt: now() });
    },
  };
}
