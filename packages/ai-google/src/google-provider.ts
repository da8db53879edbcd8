import type { AIProvider, ProviderObjectRequest, ProviderTextRequest } from "@stageflow/ai";
import { createGoogleBatchApi, type GoogleCall } from "./google-batch";
import type { GoogleGenAIClientLike } from "./google-client";
import { buildGenerateConfig, readResponse, userContents } from "./google-content";
import { toAIError, toBatchError } from "./google-errors";
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
  const apiKey = "apiKey" in options ? options.apiKey : undefined;
  let client: Promise<GoogleGenAIClientLike> | undefined;
  const getClient = () => {
    client ??= ("client" in options ? Promise.resolve(options.client) : createGoogleClient(options))
      // A failed construction (e.g. missing package) is retried on the next call.
      .catch((error: unknown) => {
        client = undefined;
        throw error;
      });
    return client;
  };
  const call: GoogleCall = async (fn, batchId) => {
    try {
      return await fn(await getClient());
    } catch (error) {
      throw batchId === undefined ? toAIError(error, apiKey) : toBatchError(error, batchId, apiKey);
    }
  };
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
