import type { StageTelemetry } from "@stageflow/core";
import type { z } from "zod";
import type { AIGuards } from "../guards/ai-guards";
import type { AICallLogger, AICallRecord, AIStats } from "../logger";
import type { ModelInfo } from "../models/model-info";
import type { ModelRegistry } from "../models/model-registry";
import type { AIProvider, ProviderName } from "../provider";
import type { AIStageBinding } from "../stage-binding";
import type { AIBatch } from "./ai-batch";
import type { EnvironmentVariables, ProviderImporter } from "./providers-from-env";

/**
 * The providers a helper may call: an array (each registered under its `name`) or an object
 * keyed by provider name (the key wins, so `{ anthropic: offlineProvider() }` routes Anthropic
 * models to the offline provider in tests).
 */
export type AIProviders =
  | readonly AIProvider[]
  | { readonly [name: string]: AIProvider | undefined };

/**
 * Options of `createAIHelper`. The guards (`rateLimiter`, `memo`, `budget`, see {@link AIGuards})
 * are spread in from `sf.aiGuards` or built with the Kysely factories.
 */
export interface AIHelperOptions extends AIGuards {
  /**
   * Providers by name. A model whose provider is missing fails with `ProviderNotConfiguredError`.
   * Omitted: the providers whose API keys are in the environment (`ANTHROPIC_API_KEY`,
   * `OPENAI_API_KEY`, `GEMINI_API_KEY` / `GOOGLE_API_KEY`), loaded on the first call from their
   * packages (see `providersFromEnv`).
   */
  providers?: AIProviders;
  /** The environment read when `providers` is omitted. Default `process.env`. */
  env?: EnvironmentVariables;
  /** How provider packages are loaded when `providers` is omitted (see `providersFromEnv`). */
  importProvider?: ProviderImporter;
  /**
   * Called once per model id the registry does not know (the call goes ahead, its cost recorded
   * as unknown). Default: `console.warn`.
   */
  onWarning?: (message: string) => void;
  /** Models to add to the default price table, or to replace entries of it (same `id`). */
  models?: readonly ModelInfo[];
  /** Attributes every call to this stage (run and stage ids, usage, abort signal, telemetry). */
  stage?: AIStageBinding;
  /**
   * Observes every call (e.g. `otelTelemetry()` of `@stageflow/otel`: GenAI client spans and
   * metrics). Default: the bound stage's `telemetry`, if any; without either, nothing is observed.
   */
  telemetry?: StageTelemetry;
  /** Clock for `createdAt` and `durationMs` of records. Default `() => new Date()`. */
  now?: () => Date;
  /**
   * Called when the logger throws. The call's result is still returned (the vendor billed it).
   * Default: `console.warn`.
   */
  onLogError?: (error: unknown, record: AICallRecord) => void;
  /**
   * Called when a guard's bookkeeping after a call fails (settling a reservation, storing a memo
   * entry): the call's result is still returned. Default: `console.warn`.
   */
  onGuardError?: (error: unknown) => void;
}

/** Options of a single text or object call. */
export interface GenerateTextOptions {
  /** System instructions. */
  system?: string;
  /** Upper bound of output tokens. */
  maxTokens?: number;
  /** Sampling temperature, where the model accepts one. */
  temperature?: number;
  /** Aborts the call; combined with the bound stage's signal. */
  signal?: AbortSignal;
  /** `false`: neither read nor write the memo store for this call. Default true (when configured). */
  memo?: boolean;
}

/** Options of `generateObject`. */
export interface GenerateObjectOptions extends GenerateTextOptions {
  /** Name of the schema sent to vendors that require one. Default: the schema's `id`/`title`, else `output`. */
  schemaName?: string;
}

/** Options of `embed`. */
export interface EmbedOptions {
  /** Requested vector size, where the model supports it. */
  dimensions?: number;
  /** Aborts the call; combined with the bound stage's signal. */
  signal?: AbortSignal;
  /** `false`: neither read nor write the memo store for this call. Default true (when configured). */
  memo?: boolean;
}

/** Token usage and cost of one call. */
export interface AICallUsage {
  inputTokens: number;
  outputTokens: number;
  /** USD. */
  cost: number;
  /** True when the memo store answered (no vendor request; tokens and cost 0). */
  cached?: boolean;
}

/** Result of `generateText`. */
export interface AITextResult extends AICallUsage {
  text: string;
}

/** Result of `generateObject`: the validated (parsed) object. */
export interface AIObjectResult<T> extends AICallUsage {
  object: T;
}

/** Result of `embed` with one text. */
export interface AIEmbedResult {
  embedding: number[];
  inputTokens: number;
  /** USD. */
  cost: number;
  /** True when the memo store answered. */
  cached?: boolean;
}

/** Result of `embed` with several texts: vectors in the order of the texts. */
export interface AIEmbedManyResult {
  embeddings: number[][];
  inputTokens: number;
  /** USD. */
  cost: number;
  /** True when the memo store answered. */
  cached?: boolean;
}

/**
 * Provider-neutral AI calls with pricing, logging and stage attribution. Created by
 * `createAIHelper`.
 */
export interface AIHelper {
  /** The topic every record of this helper carries. */
  readonly topic: string;
  /** The models this helper knows (defaults plus the `models` option). */
  readonly models: ModelRegistry;
  /** Generates text. */
  generateText(model: string, prompt: string, options?: GenerateTextOptions): Promise<AITextResult>;
  /**
   * Generates an object matching `schema`: the vendor's JSON-schema mode receives
   * `z.toJSONSchema(schema)`, the answer is parsed and validated. Invalid JSON or a mismatch
   * throws `StructuredOutputError` with the raw text and the zod issues.
   */
  generateObject<S extends z.ZodType>(
    model: string,
    prompt: string,
    schema: S,
    options?: GenerateObjectOptions,
  ): Promise<AIObjectResult<z.output<S>>>;
  /** Embeds one text. */
  embed(model: string, text: string, options?: EmbedOptions): Promise<AIEmbedResult>;
  /** Embeds several texts in one call. */
  embed(
    model: string,
    texts: readonly string[],
    options?: EmbedOptions,
  ): Promise<AIEmbedManyResult>;
  /**
   * The batch API (half price) for `model`. `provider`, when given, must be the model's provider.
   * Throws `UnsupportedCapabilityError` when the provider has no batch API.
   */
  batch<TResult = unknown>(model: string, provider?: ProviderName): AIBatch<TResult>;
  /**
   * Calls, tokens and cost of every call whose topic starts with this helper's topic: from the
   * logger when it implements `getStats`, else from what this helper recorded.
   */
  getStats(): Promise<AIStats>;
}

/** Signature of `createAIHelper`. */
export type CreateAIHelper = (
  topic: string,
  logger?: AICallLogger,
  options?: AIHelperOptions,
) => AIHelper;
