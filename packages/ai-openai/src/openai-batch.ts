import {
  BatchNotReadyError,
  type ProviderBatchApi,
  type ProviderBatchResult,
  type SdkCall,
} from "@stageflow/ai";
import { batchEndpointFor, buildBatchJsonl, parseBatchResults } from "./openai-batch-jsonl";
import { isOpenAIBatchTerminal, toProviderBatchStatus } from "./openai-batch-status";
import type { OpenAIClientLike } from "./openai-client";
import { invalidRequest } from "./openai-errors";
import { jsonlFile } from "./openai-sdk";

/** Runs one SDK call with the client and maps its errors (404 → `BatchNotFoundError` given a batch id). */
export type OpenAICall = SdkCall<OpenAIClientLike>;

/**
 * The OpenAI Batch API behind the neutral port: submit uploads a JSONL file (`purpose: batch`)
 * and creates a 24 h batch on `/v1/chat/completions`, or `/v1/embeddings` when every request is
 * of kind `embedding`; once the batch is terminal, results merge the output file and the error
 * file (either may be missing); before that `getResults` throws `BatchNotReadyError`.
 */
export function createOpenAIBatchApi(call: OpenAICall): ProviderBatchApi {
  return {
    async submit(model, requests) {
      if (requests.length === 0) throw invalidRequest("A batch needs at least one request");
      if (new Set(requests.map((r) => r.id)).size !== requests.length) {
        throw invalidRequest("Batch request ids must be unique");
      }
      const endpoint = batchEndpointFor(requests);
      if (!endpoint) throw invalidRequest("An OpenAI batch cannot mix embedding and chat requests");
      const file = await jsonlFile(buildBatchJsonl(model, endpoint, requests), "batch.jsonl");
      const uploaded = await call((c) => c.files.create({ file, purpose: "batch" }));
      const batch = await call((c) =>
        c.batches.create({ input_file_id: uploaded.id, endpoint, completion_window: "24h" }),
      );
      return { id: batch.id };
    },

    async getStatus(batchId) {
      return toProviderBatchStatus(await call((c) => c.batches.retrieve(batchId), batchId));
    },

    async getResults(batchId) {
      const batch = await call((c) => c.batches.retrieve(batchId), batchId);
      if (!isOpenAIBatchTerminal(batch))
        throw new BatchNotReadyError("openai", batchId, batch.status);
      const results: ProviderBatchResult[] = [];
      for (const fileId of [batch.output_file_id, batch.error_file_id]) {
        if (!fileId) continue;
        const text = await call(async (c) => (await c.files.content(fileId)).text(), batchId);
        results.push(...parseBatchResults(text));
      }
      return results;
    },

    async cancel(batchId) {
      await call((c) => c.batches.cancel(batchId), batchId);
    },
  };
}
