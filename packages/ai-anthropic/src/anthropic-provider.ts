import { type AIProvider, createSdkCall } from "@stageflow/ai";
import { createAnthropicBatchApi } from "./anthropic-batch";
import type { AnthropicClientLike } from "./anthropic-client";
import { anthropicErrorReaders } from "./anthropic-errors";
import { buildMessageBody, readMessage } from "./anthropic-message-body";
import { type AnthropicClientOptions, createAnthropicClient } from "./anthropic-sdk";

/** Either a ready `Anthropic` client, or options to construct one from `@anthropic-ai/sdk`. */
export type AnthropicProviderOptions = { client: AnthropicClientLike } | AnthropicClientOptions;

/** The Anthropic provider: text, objects and batches; no embeddings (`embed` is absent). */
export type AnthropicProvider = AIProvider & Required<Pick<AIProvider, "batch">>;

/**
 * Create the Anthropic provider: the Messages API for text, a forced tool for structured output,
 * and Message Batches. With `{ apiKey }` the SDK is imported on the first call (a missing package
 * rejects with `AnthropicSdkMissingError`).
 *
 * @example
 * ```ts
 * const anthropic = anthropicProvider({ apiKey: process.env.ANTHROPIC_API_KEY! });
 * const { text } = await anthropic.generateText({ model: "claude-haiku-4-5", prompt: "Hi" });
 * ```
 */
export function anthropicProvider(options: AnthropicProviderOptions): AnthropicProvider {
  const call = createSdkCall("anthropic", options, createAnthropicClient, anthropicErrorReaders, {
    defaultBaseURL: "https://api.anthropic.com",
    apiKeyEnv: "ANTHROPIC_API_KEY",
  });

  return {
    name: "anthropic",

    async generateText(request) {
      const body = buildMessageBody(request);
      return readMessage(await call((c) => c.messages.create(body, { signal: request.signal })));
    },

    async generateObject(request) {
      const body = buildMessageBody(request);
      return readMessage(await call((c) => c.messages.create(body, { signal: request.signal })));
    },

    batch: createAnthropicBatchApi(call),
  };
}
