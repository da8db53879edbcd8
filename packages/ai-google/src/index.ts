/**
 * `@stageflow/ai-google`: the Google Gemini provider for `@stageflow/ai`, built on the official
 * `@google/genai` SDK (a peer dependency) against the Gemini Developer API: `generateContent`,
 * JSON output with `responseJsonSchema`, embeddings, and batch jobs with inline requests.
 *
 * @example
 * ```ts
 * import { googleProvider } from "@stageflow/ai-google";
 *
 * const google = googleProvider({ apiKey: process.env.GEMINI_API_KEY! });
 * const { text, inputTokens, outputTokens } = await google.generateText({
 *   model: "gemini-2.5-flash",
 *   prompt: "Say hello",
 * });
 * ```
 *
 * @packageDocumentation
 */
export { mapGoogleBatchStatus } from "./google-batch-status";
export type {
  GoogleBatchJob,
  GoogleContent,
  GoogleEmbedContentParams,
  GoogleEmbedContentResponse,
  GoogleGenAIClientLike,
  GoogleGenerateConfig,
  GoogleGenerateContentParams,
  GoogleGenerateContentResponse,
  GoogleInlinedRequest,
} from "./google-client";
export { GoogleSdkMissingError } from "./google-errors";
export { type GoogleProvider, type GoogleProviderOptions, googleProvider } from "./google-provider";
export { GOOGLE_API_KEY_ENV, googleProviderFromEnv } from "./google-provider-from-env";
export type { GoogleClientOptions } from "./google-sdk";
