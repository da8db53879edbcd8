/**
 * `@stageflow/ai`: provider-neutral AI calls for Stageflow stages — text, structured output
 * (zod), embeddings and half-price batches — with a model and price registry, cost accounting,
 * an {@link AICallLogger} port, and attribution of every call to the run and stage that made it.
 *
 * Vendors plug in as providers: `@stageflow/ai-anthropic`, `@stageflow/ai-openai`,
 * `@stageflow/ai-google`, or the built-in {@link offlineProvider} (deterministic, NOT a language
 * model) for development, examples and CI without API keys.
 *
 * @example
 * ```ts
 * import { createAIHelper, createInMemoryAICallLogger, offlineProvider } from "@stageflow/ai";
 * import { z } from "zod";
 *
 * const logger = createInMemoryAICallLogger();
 * const ai = createAIHelper("demo", logger, { providers: [offlineProvider()] });
 *
 * const { text } = await ai.generateText("offline-text", "Stageflow runs durable workflows. ...");
 * const { object } = await ai.generateObject(
 *   "offline-text",
 *   "Stageflow runs durable workflows.",
 *   z.object({ title: z.string(), tags: z.array(z.string()) }),
 * );
 * const { embedding } = await ai.embed("offline-embed", "durable workflows");
 * console.log((await ai.getStats()).calls); // 3
 * ```
 *
 * @packageDocumentation
 */

export {
  DEFAULT_BATCH_GROUP_SETTINGS,
  FALLBACK_BATCH_GROUP_SETTINGS,
} from "./batching/batch-group-defaults";
export { type AIBatchingOptions, createAIBatching } from "./batching/create-ai-batching";
export { AIBudgetExceededError } from "./budget/ai-budget-exceeded-error";
export type {
  AIBudgetDecision,
  AIBudgetLedger,
  AIBudgetReservation,
} from "./budget/ai-budget-ledger";
export { DEFAULT_OUTPUT_TOKENS_ESTIMATE, estimateCallCost } from "./budget/estimate-call-cost";
export {
  AIError,
  type AIErrorCode,
  type AIErrorOptions,
  isAIError,
} from "./errors/ai-error";
export {
  AIAuthenticationError,
  AIInvalidRequestError,
  AIProviderError,
  type AIProviderErrorOptions,
  AIRateLimitError,
  AIServerError,
} from "./errors/ai-provider-error";
export { BatchMetadataError, BatchNotFoundError, BatchNotReadyError } from "./errors/batch-errors";
export {
  type HeadersLike,
  type MapHttpStatusOptions,
  mapHttpStatusToAIError,
  parseRetryAfterMs,
} from "./errors/map-http-status-to-ai-error";
export { type MapSdkErrorOptions, mapSdkError } from "./errors/map-sdk-error";
export { MissingApiKeyError } from "./errors/missing-api-key-error";
export {
  ProviderNotConfiguredError,
  providerInstallHint,
} from "./errors/provider-not-configured-error";
export { ProviderPackageMissingError } from "./errors/provider-package-missing-error";
export { SdkMissingError, type SdkMissingErrorOptions } from "./errors/sdk-missing-error";
export {
  StructuredOutputError,
  type StructuredOutputErrorDetails,
} from "./errors/structured-output-error";
export { UnknownModelError } from "./errors/unknown-model-error";
export {
  type AICapability,
  UnsupportedCapabilityError,
} from "./errors/unsupported-capability-error";
export type { AIGuards } from "./guards/ai-guards";
export type {
  AIBatch,
  AIBatchHandle,
  AIBatchInfo,
  AIBatchMetadata,
  AIBatchRequest,
  AIBatchResult,
  AIBatchResultsOptions,
  AIBatchStatus,
} from "./helper/ai-batch";
export type {
  AICallUsage,
  AIEmbedManyResult,
  AIEmbedResult,
  AIHelper,
  AIHelperOptions,
  AIObjectResult,
  AIProviders,
  AITextResult,
  CreateAIHelper,
  EmbedOptions,
  GenerateObjectOptions,
  GenerateTextOptions,
} from "./helper/ai-helper";
export { createAIHelper } from "./helper/create-ai-helper";
export {
  ENV_PROVIDERS,
  type EnvironmentVariables,
  type EnvProviderEntry,
  envValue,
  type ProviderImporter,
  type ProvidersFromEnvOptions,
  processEnv,
  providersFromEnv,
} from "./helper/providers-from-env";
export { AIRateLimitWaitError } from "./limits/ai-rate-limit-wait-error";
export type {
  AIRateLimitDecision,
  AIRateLimiter,
  AIRateLimitRequest,
  AIRateLimitRule,
  AIRateLimitTicket,
} from "./limits/ai-rate-limiter";
export { CHARS_PER_TOKEN_ESTIMATE, estimateInputTokens } from "./limits/estimate-input-tokens";
export type { AICallKind, AICallLogger, AICallRecord, AIStats } from "./logger";
export { aggregateAIStats, emptyAIStats } from "./logging/aggregate-ai-stats";
export {
  createInMemoryAICallLogger,
  type InMemoryAICallLogger,
} from "./logging/in-memory-ai-call-logger";
export { redactSecrets } from "./logging/redact-secrets";
export type { AIMemoEntry, AIMemoStore } from "./memo/ai-memo-store";
export { canonicalJson, memoKey } from "./memo/memo-key";
export {
  BATCH_DISCOUNT,
  type ComputeCostOptions,
  computeCost,
  roundUsd,
  type TokenUsage,
} from "./models/compute-cost";
export { DEFAULT_MODELS } from "./models/default-models";
export type { ModelInfo, ModelKind } from "./models/model-info";
export {
  createModelRegistry,
  getModel,
  getModelForProvider,
  type ModelRegistry,
} from "./models/model-registry";
export { inferProvider } from "./models/unpriced-model";
export { type ExtractiveSummaryOptions, extractiveSummary } from "./offline/extractive-summary";
export { hashedEmbedding } from "./offline/hashed-embedding";
export { objectFromJsonSchema } from "./offline/object-from-json-schema";
export type { OfflineBatchStore } from "./offline/offline-batch-store";
export { type OfflineProviderOptions, offlineProvider } from "./offline/offline-provider";
export type {
  AIProvider,
  BatchStatus,
  ProviderBatchApi,
  ProviderBatchRequest,
  ProviderBatchResult,
  ProviderBatchStatus,
  ProviderBatchSubmission,
  ProviderCallOptions,
  ProviderEmbedRequest,
  ProviderEmbedResponse,
  ProviderName,
  ProviderObjectRequest,
  ProviderPromptInput,
  ProviderTextRequest,
  ProviderTextResponse,
  ProviderUsage,
} from "./provider";
export { positionalResultId } from "./provider";
export {
  createSdkCall,
  type SdkCall,
  type SdkCallSettings,
  type SdkClientOptions,
  type SdkErrorReaders,
} from "./sdk/create-sdk-call";
export { schemaIdentifier } from "./sdk/schema-identifier";
export type { AIStageBinding, AIUsageEntry, AIUsageRecorder } from "./stage-binding";
