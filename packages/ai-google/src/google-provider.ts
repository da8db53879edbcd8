import {
  type AIProvider,
  createSdkCall,
  type ProviderObjectRequest,
  type ProviderTextRequest,
} from "@stageflow/ai";
import { createGoogleBatchApi } from "./google-batch";
import type { GoogleGenAIClientLike } from "./google-client";
import { buildGenerateConfig, readResponse, userContents } from "./google-content";
import { googleErrorReaders } from "./google-errors";
import { createGoogleClient, type GoogleClientOptions } from "./google-sdk";

/** Either a ready `GoogleGenAI` client, or options to construct one from `@google/genai`. */
export type GoogleProviderOptions = { client: GoogleGenAIClientLike } | GoogleClientOptions;

/** The Google provider: every optional capability of the port is present. */
export type GoogleProvider = AIProvider & Required<Pick<AIProvider, "embed" | "batch">>;

/**
 * Create the Google Gemini provider (Developer API): `generateContent` for text, JSON output with
 * `responseJsonSchema`, `embedContent`, and batch jobs with inline requests. With `{ apiKey }`
 * the SDK is imported on the first call (a missing package rejects with `GoogleSdkMissingError`)
 * and the API version is pinned to `v1beta`.
 *
 * @example
 * ```ts
 * const google = googleProvider({ apiKey: process.env.GEMINI_API_KEY! });
 * const { text } = await google.generateText({ model: "gemini-2.5-flash", prompt: "Hi" });
 * ```
 */
export function googleProvider(options: GoogleProviderOptions): GoogleProvider {
  const call = createSdkCall("google", options, createGoogleClient, googleErrorReaders, {
    defaultBaseURL: "https://generativelanguage.googleapis.com",
    apiKeyEnv: "GEMINI_API_KEY or GOOGLE_API_KEY",
  });
  /** Text and objects share one call; a `jsonSchema` switches the response to JSON. */
  const generate = async (request: ProviderTextRequest | ProviderObjectRequest) => {
    const params = {
      model: request.model,
      contents: userContents(request.prompt),
      config: buildGenerateConfig(request),
    };
    return readResponse(await call((c) => c.models.generateContent(params)));
  };

  return {
    name: "google",
    generateText: generate,
    generateObject: generate,

    async embed(request) {
      const config = {
        ...(request.dimensions === undefined ? {} : { outputDimensionality: request.dimensions }),
        ...(request.signal === undefined ? {} : { abortSignal: request.signal }),
      };
      const response = await call((c) =>
        c.models.embedContent({ model: request.model, contents: request.texts, config }),
      );
      const embeddings = response.embeddings ?? [];
      return {
        vectors: embeddings.map((e) => e.values ?? []),
        // The Developer API reports no token counts for embeddings; Vertex AI does.
        inputTokens: embeddings.reduce((sum, e) => sum + (e.statistics?.tokenCount ?? 0), 0),
      };
    },

    batch: createGoogleBatchApi(call),
  };
}
