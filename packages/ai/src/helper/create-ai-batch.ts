import { AIInvalidRequestError } from "../errors/ai-provider-error";
import { UnsupportedCapabilityError } from "../errors/unsupported-capability-error";
import { computeCost } from "../models/compute-cost";
import type { ModelInfo } from "../models/model-info";
import type { ProviderBatchApi, ProviderBatchRequest, ProviderBatchResult } from "../provider";
import type { AIBatch, AIBatchRequest, AIBatchResult } from "./ai-batch";
import type { BatchInfoStore } from "./batch-info-store";
import {
  buildBatchMetadata,
  createSchemaResolver,
  readBatchMetadata,
  type SchemaUse,
} from "./batch-metadata";
import type { CallOutcome, CallRecorder } from "./call-recorder";
import { parseStructuredText, toProviderSchema } from "./structured-output";

/** What a batch handle needs from its helper. */
export interface AIBatchDeps {
  model: ModelInfo;
  providerName: string;
  api: ProviderBatchApi;
  recorder: CallRecorder;
  /** Keeps the infos of submitted batches for `getResults` without metadata. */
  infos: BatchInfoStore;
}

/** Builds the batch API of one model: validation, metadata, pricing and logging over the port. */
export function createAIBatch<TResult>(deps: AIBatchDeps): AIBatch<TResult> {
  const { model, providerName, api, recorder, infos } = deps;

  return {
    async submit(requests) {
      const uses: SchemaUse[] = [];
      const providerRequests = toProviderRequests(requests, model, providerName, uses);
      const { id, positionalResults } = await api.submit(model.id, providerRequests);
      const base = {
        batchId: id,
        provider: providerName,
        model: model.id,
        requestCount: requests.length,
        ...(positionalResults ? { requestIds: requests.map((r) => r.id) } : {}),
      };
      const metadata = buildBatchMetadata(base, uses);
      await infos.save(metadata.aiBatch);
      return { id, provider: providerName, model: model.id, metadata };
    },

    getStatus: (batchId) => api.getStatus(batchId),

    async getResults(batchId, metadata, options = {}) {
      const expected = { batchId, model: model.id };
      const stored = async () => {
        const kept = await infos.load(providerName, batchId);
        return kept === undefined ? undefined : readBatchMetadata({ aiBatch: kept }, expected);
      };
      const info = readBatchMetadata(metadata, expected) ?? (await stored());
      const schemaFor = createSchemaResolver(info, options);
      const startedAt = recorder.now();
      const raw = withRequestIds(await api.getResults(batchId), info?.requestIds);
      const results = raw.map((r) => interpret<TResult>(r, schemaFor(r.id), model));
      const outcomes = results.map(
        (r): CallOutcome => ({
          model,
          provider: providerName,
          kind: "batch",
          inputTokens: r.inputTokens,
          outputTokens: r.outputTokens,
          cost: r.cost,
          batch: true,
          startedAt,
          batchId,
          requestId: r.id,
          ...(r.status === "failed" ? { error: r.error ?? "failed" } : {}),
        }),
      );
      await recorder.record(outcomes, { aggregate: true });
      return results;
    },

    cancel: (batchId) => api.cancel(batchId),
  };
}

/** Results of a vendor that answers by position, with the request ids of the batch. */
function withRequestIds(
  raw: ProviderBatchResult[],
  requestIds: readonly string[] | undefined,
): ProviderBatchResult[] {
  if (requestIds === undefined) return raw;
  return raw.map((result, index) => {
    const match = /^#(\d+)$/.exec(result.id);
    const id = requestIds[match ? Number(match[1]) : index];
    return id === undefined ? result : { ...result, id };
  });
}

function toProviderRequests(
  requests: readonly AIBatchRequest[],
  model: ModelInfo,
  provider: string,
  uses: SchemaUse[],
): ProviderBatchRequest[] {
  if (requests.length === 0) {
    throw new AIInvalidRequestError(provider, "A batch needs at least one request.");
  }
  const seen = new Set<string>();
  return requests.map((request) => {
    if (typeof request.id !== "string" || request.id.length === 0 || seen.has(request.id)) {
      throw new AIInvalidRequestError(
        provider,
        `Batch request ids must be unique non-empty strings; got ${JSON.stringify(request.id)}.`,
      );
    }
    seen.add(request.id);
    const kind =
      request.kind ??
      (request.schema ? "object" : model.kind === "embedding" ? "embedding" : "text");
    if ((kind === "embedding") !== (model.kind === "embedding")) {
      throw new UnsupportedCapabilityError(
        kind === "embedding" ? "embedding" : "text",
        provider,
        `Request "${request.id}" is a ${kind} request but "${model.id}" is a ${model.kind} model.`,
        { model: model.id },
      );
    }
    const out: ProviderBatchRequest = { id: request.id, kind, prompt: request.prompt };
    if (request.system !== undefined) out.system = request.system;
    if (request.maxTokens !== undefined) out.maxTokens = request.maxTokens;
    if (request.temperature !== undefined) out.temperature = request.temperature;
    if (kind === "object") {
      if (!request.schema) {
        throw new AIInvalidRequestError(provider, `Object request "${request.id}" needs a schema.`);
      }
      const { jsonSchema, schemaName } = toProviderSchema(request.schema, provider, model.id);
      out.jsonSchema = jsonSchema;
      out.schemaName = schemaName;
      uses.push({ requestId: request.id, jsonSchema });
    }
    return out;
  });
}

function interpret<TResult>(
  raw: ProviderBatchResult,
  schema: ReturnType<ReturnType<typeof createSchemaResolver>>,
  model: ModelInfo,
): AIBatchResult<TResult> {
  const usage = { inputTokens: raw.inputTokens, outputTokens: raw.outputTokens };
  const cost = computeCost(model, usage, { batch: true });
  const base = { id: raw.id, ...usage, cost };
  if (raw.status === "failed") {
    return { ...base, status: "failed", result: undefined, error: raw.error ?? "Request failed" };
  }
  if (raw.vector !== undefined) {
    return { ...base, status: "succeeded", result: raw.vector as TResult, error: undefined };
  }
  const text = raw.text ?? "";
  if (!schema) return { ...base, status: "succeeded", result: text as TResult, error: undefined };
  const parsed = parseStructuredText(text, schema);
  if (parsed.success) {
    return { ...base, status: "succeeded", result: parsed.value as TResult, error: undefined };
  }
  return { ...base, status: "failed", result: undefined, error: parsed.message, rawText: text };
}
