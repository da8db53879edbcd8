/**
 * `@stageflow/ai-openai`: the OpenAI provider for `@stageflow/ai`, built on the official `openai`
 * SDK (a peer dependency): chat completions, strict `json_schema` structured output, embeddings
 * and the Batch API.
 *
 * @example
 * ```ts
 * import { openaiProvider } from "@stageflow/ai-openai";
 *
 * const openai = openaiProvider({ apiKey: process.env.OPENAI_API_KEY! });
 * const { text, inputTokens, outputTokens } = await openai.generateText({
 *   model: "gpt-4o-mini",
 *   prompt: "Say hello",
 * });
 * ```
 *
 * @packageDocumentation
 */
export { mapOpenAIBatchStatus } from "./openai-batch-status";
export type {
  OpenAIBatch,
  OpenAIChatBody,
  OpenAIChatCompletion,
  OpenAIChatMessage,
  OpenAIClientLike,
  OpenAIEmbeddingBody,
  OpenAIEmbeddingResponse,
  OpenAIRequestOptions,
} from "./openai-client";
export { OpenAISdkMissingError } from "./openai-errors";
export {
  type OpenAIProvider,
  type OpenAIProviderOptions,
  openaiProvider,
} from "./openai-provider";
export { OPENAI_API_KEY_ENV, openaiProviderFromEnv } from "./openai-provider-from-env";
export type { OpenAIClientOptions } from "./openai-sdk";
