import type {
  AIBatchingPort,
  BatchedRequestRoute,
  BatchedRequestSpec,
  BatchGroupSettings,
} from "@stageflow/core";
import { z } from "zod";
import type { AIBatchMetadata, AIBatchRequest } from "../helper/ai-batch";
import type { AIProviders } from "../helper/ai-helper";
import { createAIHelper } from "../helper/create-ai-helper";
import type { AICallLogger } from "../logger";
import type { ModelInfo } from "../models/model-info";
import { createModelRegistry } from "../models/model-registry";
import { inferProvider } from "../models/unpriced-model";
import type { AIProvider } from "../provider";
import {
  DEFAULT_BATCH_GROUP_SETTINGS,
  FALLBACK_BATCH_GROUP_SETTINGS,
} from "./batch-group-defaults";

/** Options of {@link createAIBatching}. */
export interface AIBatchingOptions {
  /** The providers (as for `createAIHelper`); each must have a batch API. */
  readonly providers: AIProviders;
  /** Extra or overriding models (prices) for the registry. */
  readonly models?: readonly ModelInfo[];
  /** Where each request's AI call record goes (attributed to its run and stage). */
  readonly logger?: AICallLogger;
  /** The topic of those records. Default `"ai-batch"`. */
  readonly topic?: string;
  /**
   * Grouping per provider (`"openai"`) or per provider and model (`"openai:gpt-4o-mini"`, which
   * wins), over the defaults (see `DEFAULT_BATCH_GROUP_SETTINGS`).
   */
  readonly groups?: Readonly<Record<string, Partial<BatchGroupSettings>>>;
}

function providerNames(providers: AIProviders): string[] {
  return Array.isArray(providers)
    ? (providers as readonly AIProvider[]).map((p) => p.name)
    : Object.keys(providers);
}

function toBatchRequest(customId: string, spec: BatchedRequestSpec): AIBatchRequest {
  const request: AIBatchRequest = { id: customId, prompt: spec.prompt, kind: spec.kind };
  if (spec.system !== undefined) request.system = spec.system;
  if (spec.maxTokens !== undefined) request.maxTokens = spec.maxTokens;
  if (spec.temperature !== undefined) request.temperature = spec.temperature;
  if (spec.kind === "object" && spec.jsonSchema !== undefined) {
    request.schema = z.fromJSONSchema(spec.jsonSchema as Parameters<typeof z.fromJSONSchema>[0]);
  }
  return request;
}

/**
 * The cross-run batching port of the kernel (`createKernel({ aiBatching })`) on the AI helper's
 * batch API: routes each request to its provider by the model registry, submits one provider
 * batch per group with the engine's request ids as custom ids, maps statuses, prices results at
 * the batch rate, and records one AI call per request, attributed to its run and stage.
 *
 * @example
 * ```ts
 * const aiBatching = createAIBatching({ providers: [offlineProvider()] });
 * const kernel = createKernel({ ...ports, aiBatching });
 * ```
 */
export function createAIBatching(options: AIBatchingOptions): AIBatchingPort {
  const registry = createModelRegistry(options.models);
  const names = providerNames(options.providers);
  const topic = options.topic ?? "ai-batch";
  const ai = createAIHelper(topic, undefined, {
    providers: options.providers,
    ...(options.models === undefined ? {} : { models: options.models }),
  });
  const batchOf = (route: BatchedRequestRoute) => ai.batch(route.model, route.provider);
  return {
    route(spec) {
      if (registry.has(spec.model) && spec.provider === undefined) {
        return { provider: registry.get(spec.model).provider, model: spec.model };
      }
      const provider = spec.provider ?? inferProvider(spec.model, names);
      // Unknown model on no configured provider: the registry throws UnknownModelError.
      return { provider: provider ?? registry.get(spec.model).provider, model: spec.model };
    },
    settings(group) {
      return {
        ...(DEFAULT_BATCH_GROUP_SETTINGS[group.provider] ?? FALLBACK_BATCH_GROUP_SETTINGS),
        ...options.groups?.[group.provider],
        ...options.groups?.[`${group.provider}:${group.model}`],
      };
    },
    async submit(group, requests) {
      const handle = await batchOf(group).submit(
        requests.map((request) => toBatchRequest(request.customId, request.spec)),
      );
      return { providerBatchId: handle.id, metadata: handle.metadata };
    },
    async status(batch) {
      const status = await batchOf(batch).getStatus(batch.providerBatchId);
      return {
        status: status.status,
        ...(status.providerStatus === undefined ? {} : { providerStatus: status.providerStatus }),
      };
    },
    async results(batch) {
      const results = await batchOf(batch).getResults(
        batch.providerBatchId,
        (batch.metadata ?? undefined) as AIBatchMetadata | undefined,
      );
      return results.map((result) => ({
        customId: result.id,
        status: result.status,
        ...(result.status === "succeeded" ? { value: result.result } : {}),
        ...(result.error === undefined ? {} : { error: result.error }),
        inputTokens: result.inputTokens,
        outputTokens: result.outputTokens,
        cost: result.cost,
      }));
    },
    cancel: (batch) => batchOf(batch).cancel(batch.providerBatchId),
    async recordCalls(batch, results) {
      const logger = options.logger;
      if (logger === undefined) return;
      const createdAt = new Date();
      for (const result of results) {
        await logger.logCall({
          topic,
          provider: batch.provider,
          model: batch.model,
          kind: "batch",
          inputTokens: result.inputTokens,
          outputTokens: result.outputTokens,
          cost: result.cost,
          batch: true,
          status: result.status,
          ...(result.error === undefined ? {} : { error: result.error }),
          durationMs: 0,
          workflowRunId: result.workflowRunId,
          stageId: result.stageId,
          createdAt,
          batchId: batch.providerBatchId,
          requestId: result.customId,
        });
      }
    },
  };
}
