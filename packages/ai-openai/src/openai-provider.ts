import { type AIProvider, createSdkCall, type ProviderEmbedResponse } from "@stageflow/ai";
import { createOpenAIBatchApi } from "./openai-batch";
import { buildChatBody, readChatCompletion } from "./openai-chat-body";
import type { OpenAIClientLike } from "./openai-client";
import { refusalError } from "./openai-errors";
import { createOpenAIClient, type OpenAIClientOptions } from "./openai-sdk";

/** Either a ready `OpenAI` client, or options to construct one from the peer `openai` package. */
export type OpenAIProviderOptions = { client: OpenAIClientLike } | OpenAIClientOptions;

/** The OpenAI provider: every optional capability of the port is present. */
export type OpenAIProvider = AIProvider & Required<Pick<AIProvider, "embed" | "batch">>;

/**
 * Create the OpenAI provider: chat completions for text, strict `json_schema` for objects,
 * embeddings, and the Batch API. With `{ apiKey }` the `openai` package is imported on the first
 * call (a missing package rejects with `OpenAISdkMissingError`).
 *
 * @example
 * ```ts
 * const openai = openaiProvider({ apiKey: process.env.OPENAI_API_KEY! });
 * const { text } = await openai.generateText({ model: "gpt-4o-mini", prompt: "Hi" });
 * ```
 */
export function openaiProvider(options: OpenAIProviderOptions): OpenAIProvider {
  const call = createSdkCall("openai", options, createOpenAIClient, undefined, {
    defaultBaseURL: "https://api.openai.com/v1",
    apiKeyEnv: "OPENAI_API_KEY",
  });

  return {
    name: "openai",

    async generateText(request) {
      const completion = await call((c) =>
        c.chat.completions.create(buildChatBody(request), { signal: request.signal }),
      );
      const { refusal: _refusal, ...response } = readChatCompletion(completion);
      return response;
    },

    async generateObject(request) {
      const completion = await call((c) =>
        c.chat.completions.create(buildChatBody(request), { signal: request.signal }),
      );
      const { refusal, ...response } = readChatCompletion(completion);
      if (refusal !== undefined) throw refusalError(refusal);
      return response;
    },

    async embed(request): Promise<ProviderEmbedResponse> {
      const body = {
        model: request.model,
        input: request.texts,
        ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }),
      };
      const response = await call((c) => c.embeddings.create(body, { signal: request.signal }));
      const vectors = [...response.data]
        .sort((a, b) => a.index - b.index)
        .map((d) => Array.from(d.embedding));
      return { vectors, inputTokens: response.usage.prompt_tokens };
    },

    batch: createOpenAIBatchApi(call),
  };
}
