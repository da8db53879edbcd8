import {
  BatchNotReadyError,
  type ProviderBatchApi,
  type ProviderBatchRequest,
  type ProviderBatchResult,
  type SdkCall,
  UnsupportedCapabilityError,
} from "@stageflow/ai";
import {
  batchDisplayName,
  isGoogleBatchTerminal,
  toProviderBatchStatus,
} from "./google-batch-status";
import type { GoogleBatchJob, GoogleGenAIClientLike, GoogleInlinedRequest } from "./google-client";
import { buildGenerateConfig, readResponse, userContents } from "./google-content";
import { invalidRequest } from "./google-errors";

/** Runs one SDK call with the client and maps its errors (404 → `BatchNotFoundError` given a batch id). */
export type GoogleCall = SdkCall<GoogleGenAIClientLike>;

function validate(requests: ProviderBatchRequest[]): void {
  if (requests.length === 0) throw invalidRequest("A batch needs at least one request");
  if (requests.some((r) => r.kind === "embedding")) {
    throw new UnsupportedCapabilityError(
      "batch",
      "google",
      "Embedding requests cannot be batched on the Google provider; use embed()",
    );
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

/** Translate the inlined responses of a finished job, matched by `metadata.key`. */
export function toBatchResults(job: GoogleBatchJob): ProviderBatchResult[] {
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
 * responses, so their results are empty.
 */
export function createGoogleBatchApi(call: GoogleCall): ProviderBatchApi {
  return {
    async submit(model, requests) {
      validate(requests);
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
