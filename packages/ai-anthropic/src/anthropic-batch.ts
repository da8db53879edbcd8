import {
  BatchNotReadyError,
  type ProviderBatchApi,
  type ProviderBatchRequest,
  type ProviderBatchResult,
  type SdkCall,
  UnsupportedCapabilityError,
} from "@stageflow/ai";
import { toProviderBatchStatus } from "./anthropic-batch-status";
import type { AnthropicBatchResultLine, AnthropicClientLike } from "./anthropic-client";
import { invalidRequest } from "./anthropic-errors";
import { buildMessageBody, readMessage } from "./anthropic-message-body";

/** Runs one SDK call with the client and maps its errors (404 → `BatchNotFoundError` given a batch id). */
export type AnthropicCall = SdkCall<AnthropicClientLike>;

/** Anthropic's rule for `custom_id`. */
const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;

/** Check the requests of a batch before any call: ids valid and unique, no embeddings. */
function validate(requests: ProviderBatchRequest[]): void {
  if (requests.length === 0) throw invalidRequest("A batch needs at least one request");
  if (requests.some((r) => r.kind === "embedding")) {
    throw new UnsupportedCapabilityError(
      "embedding",
      "anthropic",
      "Anthropic has no embeddings API",
    );
  }
  const bad = requests.find((r) => !CUSTOM_ID.test(r.id));
  if (bad) throw invalidRequest(`Batch request id "${bad.id}" must match ${CUSTOM_ID.source}`);
  if (new Set(requests.map((r) => r.id)).size !== requests.length) {
    throw invalidRequest("Batch request ids must be unique");
  }
}

/** Translate one results line: succeeded → text (JSON text for forced-tool requests) and usage. */
export function toBatchResult(line: AnthropicBatchResultLine): ProviderBatchResult {
  const id = line.custom_id;
  const { result } = line;
  if (result.type === "succeeded") {
    const { text, inputTokens, outputTokens } = readMessage(result.message);
    return { id, status: "succeeded", text, inputTokens, outputTokens };
  }
  const error =
    result.type === "errored"
      ? [result.error.error?.type, result.error.error?.message].filter(Boolean).join(": ") ||
        "errored"
      : result.type;
  return { id, status: "failed", error, inputTokens: 0, outputTokens: 0 };
}

/**
 * Message Batches behind the neutral port: `custom_id` = request id, results streamed as JSONL
 * from `results_url` once the batch has ended, matched by id (they arrive unordered).
 */
export function createAnthropicBatchApi(call: AnthropicCall): ProviderBatchApi {
  return {
    async submit(model, requests) {
      validate(requests);
      const batch = await call((c) =>
        c.messages.batches.create({
          requests: requests.map((r) => ({
            custom_id: r.id,
            params: buildMessageBody({ ...r, model }),
          })),
        }),
      );
      return { id: batch.id };
    },

    async getStatus(batchId) {
      return toProviderBatchStatus(
        await call((c) => c.messages.batches.retrieve(batchId), batchId),
      );
    },

    async getResults(batchId) {
      const batch = await call((c) => c.messages.batches.retrieve(batchId), batchId);
      if (!batch.results_url) {
        throw new BatchNotReadyError("anthropic", batchId, batch.processing_status);
      }
      return call(async (c) => {
        const results: ProviderBatchResult[] = [];
        for await (const line of await c.messages.batches.results(batchId)) {
          results.push(toBatchResult(line));
        }
        return results;
      }, batchId);
    },

    async cancel(batchId) {
      await call((c) => c.messages.batches.cancel(batchId), batchId);
    },
  };
}
