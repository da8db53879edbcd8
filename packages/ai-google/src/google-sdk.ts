import type { GoogleGenAIClientLike } from "./google-client";
import { GoogleSdkMissingError } from "./google-errors";

/** Options for constructing a `GoogleGenAI` client (Gemini Developer API) from `@google/genai`. */
export interface GoogleClientOptions {
  /** API key, sent as `x-goog-api-key`; never logged or put into error messages. */
  apiKey: string;
  /** API origin without version (default `https://generativelanguage.googleapis.com`). */
  baseURL?: string;
  /** Request timeout in milliseconds. */
  timeout?: number;
  /** SDK-level retries (default none: the SDK retries only when asked). */
  maxRetries?: number;
  /** API version; pinned to `v1beta` (genai 3.x would default to `v1`). */
  apiVersion?: string;
}

let sdk: Promise<typeof import("@google/genai")> | undefined;

/** Import `@google/genai` once, on first use; a missing package becomes a typed error. */
function loadGoogleSdk(): Promise<typeof import("@google/genai")> {
  sdk ??= import("@google/genai").catch((cause: unknown) => {
    sdk = undefined;
    throw new GoogleSdkMissingError(cause);
  });
  return sdk;
}

/** Construct a Developer-API `GoogleGenAI` client from options (SDK loaded lazily). */
export async function createGoogleClient(
  options: GoogleClientOptions,
): Promise<GoogleGenAIClientLike> {
  const { GoogleGenAI } = await loadGoogleSdk();
  return new GoogleGenAI({
    apiKey: options.apiKey,
    vertexai: false,
    apiVersion: options.apiVersion ?? "v1beta",
    httpOptions: {
      ...(options.baseURL === undefined ? {} : { baseUrl: options.baseURL }),
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
      ...(options.maxRetries === undefined
        ? {}
        : { retryOptions: { attempts: options.maxRetries + 1 } }),
    },
  });
}
