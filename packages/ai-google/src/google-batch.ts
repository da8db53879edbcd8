import {
  BatchNotReadyError,
  type ProviderBatchApi,
  type ProviderBatchRequest,
  type ProviderBatchResult,
  positionalResultId,
  type SdkCall,
} from "@stageflow/ai";
import {
  batchDisplayName,
  isGoogleBatchTerminal,
  toProviderBatchStatus,
} from "./google-batch-status";
import type {
  GoogleBatchJob,
  GoogleGenAIClientLike,
  GoogleInlinedEmbedResponse,
  GoogleInlinedRequest,
} from "./google-client";
import { buildGenerateConfig, readResponse, userContents } from "./google-content";
import { invalidRequest } from "./google-errors";

/** Runs one SDK call with the client and maps its errors (404 → `BatchNotFoundError` given a batch id). */
export type GoogleCall = SdkCall<GoogleGenAIClientLike>;

function validate(requests: ProviderBatchRequest[]): void {
  if (requests.length === 0) throw invalidRequest("A batch needs at least one request");
  const embeddings = requests.filter((r) => r.kind === "embedding").length;
  if (embeddings > 0 && embeddings < requests.length) {
    throw invalidRequest("A Google batch holds either embedding requests or generation requests");
  }
  if (new Set(requests.map((r) => r.id)).size !== requests.length) {
    throw invalidRequest("Batch request ids must be unique");
  }
}

/** One inline request; `metadata.key` carries the request id back in the results. */
export function toInlinedRequest(request: ProviderBatchRequest): GoogleInlinedRequest {
  const config = buildGenerateConfig(request);
  return {
    contents: userContents(request.prompt),
    metadata: { key: request.id },
    ...(Object.keys(config).length === 0 ? {} : { config }),
  };
}

/**
 * Translate the responses of a finished embeddings job. They carry no key, only their position:
 * each result's id is `#<index>` (the helper maps positions back to request ids).
 */
export function toEmbeddingResults(responses: GoogleInlinedEmbedResponse[]): ProviderBatchResult[] {
  return responses.map((entry, index) => {
    const id = positionalResultId(index);
    const values = entry.response?.embedding?.values;
    if (values !== undefined && !entry.error) {
      const inputTokens = Number(entry.response?.tokenCount ?? 0) || 0;
      return { id, status: "succeeded", vector: values, inputTokens, outputTokens: 0 };
    }
    const error = entry.error?.message ?? `error ${entry.error?.code ?? "without an embedding"}`;
    return { id, status: "failed", error, inputTokens: 0, outputTokens: 0 };
  });
}

/** Translate the inlined responses of a finished job, matched by `metadata.key`. */
export function toBatchResults(job: GoogleBatchJob): ProviderBatchResult[] {
  const embeddings = job.dest?.inlinedEmbedContentResponses;
  if (embeddings !== undefined) return toEmbeddingResults(embeddings);
  return (job.dest?.inlinedResponses ?? []).map((entry, index) => {
    const id = entry.metadata?.key ?? `#${index}`;
    if (entry.response !== undefined && !entry.error) {
      const { text, inputTokens, outputTokens } = readResponse(entry.response);
      return { id, status: "succeeded", text, inputTokens, outputTokens };
    }
    const error = entry.error?.message ?? `error ${entry.error?.code ?? "without a response"}`;
    return { id, status: "failed", error, inputTokens: 0, outputTokens: 0 };
  });
}

/**
 * Gemini batch jobs with inline requests behind the neutral port. The batch id is the job name
 * (`batches/…`). Results come from `dest.inlinedResponses` once the job is terminal; before that
 * `getResults` throws `BatchNotReadyError`. Cancelled, failed or expired jobs usually have no
 * responses, so their results are empty. A batch of embedding requests goes through the SDK's
 * `batches.createEmbeddings` (`:asyncBatchEmbedContent`); its responses come back by position,
 * so `submit` reports `positionalResults` and result ids are `#0`, `#1`, ….
 */
export function createGoogleBatchApi(call: GoogleCall): ProviderBatchApi {
  return {
    async submit(model, requests) {
      validate(requests);
      if (requests[0]?.kind === "embedding") {
        const embeddingJob = await call((c) =>
          c.batches.createEmbeddings({
            model,
            src: { inlinedRequests: { contents: requests.map((r) => r.prompt) } },
            config: { displayName: batchDisplayName(requests.length) },
          }),
        );
        if (!embeddingJob.name) throw invalidRequest("The batch job has no name");
        return { id: embeddingJob.name, positionalResults: true };
      }
      const job = await call((c) =>
        c.batches.create({
          model,
          src: requests.map(toInlinedRequest),
          config: { displayName: batchDisplayName(requests.length) },
        }),
      );
      if (!job.name) throw invalidRequest("The batch job has no name");
      return { id: job.name };
    },

    async getStatus(batchId) {
      return toProviderBatchStatus(await call((c) => c.batches.get({ name: batchId }), batchId));
    },

    async getResults(batchId) {
      const job = await call((c) => c.batches.get({ name: batchId }), batchId);
      if (!isGoogleBatchTerminal(job)) {
        throw new BatchNotReadyError("google", batchId, job.state ?? "unknown");
      }
      return toBatchResults(job);
    },

    async cancel(batchId) {
      await call((c) => c.batches.cancel({ name: batchId }), batchId);
    },
  };
}
