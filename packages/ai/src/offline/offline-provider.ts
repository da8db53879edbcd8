import { AIInvalidRequestError } from "../errors/ai-provider-error";
import type {
  AIProvider,
  ProviderBatchRequest,
  ProviderBatchResult,
  ProviderName,
  ProviderTextRequest,
  ProviderTextResponse,
} from "../provider";
import { extractiveSummary } from "./extractive-summary";
import { hashedEmbedding } from "./hashed-embedding";
import { objectFromJsonSchema } from "./object-from-json-schema";
import type { OfflineBatchStore } from "./offline-batch-store";
import { createOfflineBatchApi } from "./offline-batches";
import { estimateTokens } from "./text-analysis";

/** Options of {@link offlineProvider}. */
export interface OfflineProviderOptions {
  /** Name to register under. Default `offline` (the provider of `offline-text` and `offline-embed`). */
  name?: ProviderName;
  /** Size of embedding vectors when a request does not ask for one. Default 256. */
  embeddingDimensions?: number;
  /** Time from submission until a batch is `completed` (`pending`, then `processing` half-way). Default 2000. */
  batchDelayMs?: number;
  /** Clock in ms since the epoch, for batch progress. Default `Date.now`; inject a fake clock in tests. */
  now?: () => number;
  /** Keeps batches across process restarts (see {@link OfflineBatchStore}). Default: memory only. */
  store?: OfflineBatchStore;
}

/**
 * A deterministic NON-LLM provider for development, examples and CI without API keys. It never
 * calls a network and never "understands" anything:
 *
 * - `generateText` returns an extractive summary of the prompt (its highest-scoring sentences by
 *   word frequency, at most `maxTokens` words);
 * - `generateObject` builds an object from the JSON Schema and the prompt's sentences, keywords and
 *   counts, so it validates against the schema;
 * - `embed` returns hashed bag-of-words vectors (feature hashing, L2-normalized);
 * - `batch` keeps batches in memory (or in `store`) that complete after `batchDelayMs`.
 *
 * Tokens are estimated as the number of words. Models `offline-text` and `offline-embed` cost 0 USD.
 *
 * @example
 * ```ts
 * const ai = createAIHelper("demo", undefined, { providers: [offlineProvider()] });
 * const { text } = await ai.generateText("offline-text", "Long article ...");
 * ```
 */
export function offlineProvider(options: OfflineProviderOptions = {}): AIProvider {
  const name = options.name ?? "offline";
  const defaultDimensions = options.embeddingDimensions ?? 256;
  if (!Number.isInteger(defaultDimensions) || defaultDimensions < 1) {
    throw new RangeError(
      `embeddingDimensions must be a positive integer, got ${defaultDimensions}`,
    );
  }

  const embedText = (text: string, dimensions = defaultDimensions) => {
    if (!Number.isInteger(dimensions) || dimensions < 1) {
      throw new AIInvalidRequestError(
        name,
        `dimensions must be a positive integer, got ${dimensions}`,
      );
    }
    return hashedEmbedding(text, dimensions);
  };
  const summarize = (prompt: string, maxTokens?: number) =>
    extractiveSummary(prompt, maxTokens === undefined ? {} : { maxWords: maxTokens });
  const fill = (jsonSchema: Record<string, unknown>, prompt: string) =>
    JSON.stringify(objectFromJsonSchema(jsonSchema, prompt));
  const inputTokens = (prompt: string, system?: string) =>
    estimateTokens(prompt) + (system ? estimateTokens(system) : 0);

  /** The response to a text or object request whose answer is `text`. */
  const answer = (
    request: ProviderTextRequest,
    text: string,
    finishReason: string,
  ): ProviderTextResponse => ({
    text,
    inputTokens: inputTokens(request.prompt, request.system),
    outputTokens: estimateTokens(text),
    finishReason,
  });

  const run = (request: ProviderBatchRequest): ProviderBatchResult => {
    const input = inputTokens(request.prompt, request.system);
    if (request.kind === "embedding") {
      return {
        id: request.id,
        status: "succeeded",
        vector: embedText(request.prompt),
        inputTokens: input,
        outputTokens: 0,
      };
    }
    if (request.kind === "object" && !request.jsonSchema) {
      return {
        id: request.id,
        status: "failed",
        error: "Object request without jsonSchema",
        inputTokens: 0,
        outputTokens: 0,
      };
    }
    const text = request.jsonSchema
      ? fill(request.jsonSchema, request.prompt)
      : summarize(request.prompt, request.maxTokens);
    return {
      id: request.id,
      status: "succeeded",
      text,
      inputTokens: input,
      outputTokens: estimateTokens(text),
    };
  };

  return {
    name,
    async generateText(request) {
      request.signal?.throwIfAborted();
      return answer(request, summarize(request.prompt, request.maxTokens), "offline-extractive");
    },
    async generateObject(request) {
      request.signal?.throwIfAborted();
      return answer(request, fill(request.jsonSchema, request.prompt), "offline-schema");
    },
    async embed(request) {
      request.signal?.throwIfAborted();
      const vectors = request.texts.map((text) => embedText(text, request.dimensions));
      const tokens = request.texts.reduce((sum, text) => sum + estimateTokens(text), 0);
      return { vectors, inputTokens: tokens };
    },
    batch: createOfflineBatchApi({
      name,
      batchDelayMs: options.batchDelayMs ?? 2000,
      now: options.now ?? Date.now,
      store: options.store,
      run,
    }),
  };
}
