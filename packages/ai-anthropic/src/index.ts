/**
 * `@stageflow/ai-anthropic`: the Anthropic provider for `@stageflow/ai`, built on the official
 * `@anthropic-ai/sdk` (a peer dependency): the Messages API, structured output through a forced
 * tool, and Message Batches. Anthropic has no embeddings API, so `embed` is absent.
 *
 * @example
 * ```ts
 * import { anthropicProvider } from "@stageflow/ai-anthropic";
 *
 * const anthropic = anthropicProvider({ apiKey: process.env.ANTHROPIC_API_KEY! });
 * const { text, inputTokens, outputTokens } = await anthropic.generateText({
 *   model: "claude-haiku-4-5",
 *   prompt: "Say hello",
 * });
 * ```
 *
 * @packageDocumentation
 */
export { mapAnthropicBatchStatus } from "./anthropic-batch-status";
export type {
  AnthropicBatchResultLine,
  AnthropicClientLike,
  AnthropicContentBlock,
  AnthropicMessage,
  AnthropicMessageBatch,
  AnthropicMessageBody,
  AnthropicRequestOptions,
  AnthropicTool,
} from "./anthropic-client";
export { AnthropicSdkMissingError } from "./anthropic-errors";
export { DEFAULT_MAX_TOKENS } from "./anthropic-message-body";
export {
  type AnthropicProvider,
  type AnthropicProviderOptions,
  anthropicProvider,
} from "./anthropic-provider";
export { ANTHROPIC_API_KEY_ENV, anthropicProviderFromEnv } from "./anthropic-provider-from-env";
export { type AnthropicClientOptions, DEFAULT_ANTHROPIC_TIMEOUT_MS } from "./anthropic-sdk";
