import type { AnthropicClientLike } from "./anthropic-client";
import { AnthropicSdkMissingError } from "./anthropic-errors";

/** Options for constructing an `Anthropic` client from the peer `@anthropic-ai/sdk` package. */
export interface AnthropicClientOptions {
  /** API key; never logged or put into error messages. */
  apiKey: string;
  /** API origin (default `https://api.anthropic.com` or `ANTHROPIC_BASE_URL`). */
  baseURL?: string;
  /**
   * Request timeout in milliseconds. Defaults to 10 minutes, passed explicitly so the SDK does
   * not refuse large `max_tokens` non-streaming requests client-side.
   */
  timeout?: number;
  /** SDK-level retries on 408/409/429/5xx (SDK default 2). */
  maxRetries?: number;
}

/** Default request timeout when constructing the client: 10 minutes. */
export const DEFAULT_ANTHROPIC_TIMEOUT_MS = 600_000;

let sdk: Promise<typeof import("@anthropic-ai/sdk")> | undefined;

/** Import `@anthropic-ai/sdk` once, on first use; a missing package becomes a typed error. */
function loadAnthropicSdk(): Promise<typeof import("@anthropic-ai/sdk")> {
  sdk ??= import("@anthropic-ai/sdk").catch((cause: unknown) => {
    sdk = undefined;
    throw new AnthropicSdkMissingError(cause);
  });
  return sdk;
}

/** Construct an `Anthropic` client from options (SDK loaded lazily). */
export async function createAnthropicClient(
  options: AnthropicClientOptions,
): Promise<AnthropicClientLike> {
  const { default: Anthropic } = await loadAnthropicSdk();
  return new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout: options.timeout ?? DEFAULT_ANTHROPIC_TIMEOUT_MS,
    maxRetries: options.maxRetries,
  });
}
