import type { ProviderName } from "../provider";
import {
  AIAuthenticationError,
  AIInvalidRequestError,
  AIProviderError,
  AIRateLimitError,
  AIServerError,
} from "./ai-provider-error";

/** Extra facts {@link mapHttpStatusToAIError} can attach. */
export interface MapHttpStatusOptions {
  /** Wait the vendor asked for (see {@link parseRetryAfterMs}); kept on rate-limit errors. */
  retryAfterMs?: number;
}

/**
 * Maps a failed vendor call to the matching typed error, so every provider package reports
 * failures the same way:
 *
 * | status | error | retryable |
 * |---|---|---|
 * | 429 | `AIRateLimitError` | yes |
 * | 401, 403 | `AIAuthenticationError` | no |
 * | 408, 409 | `AIProviderError` | yes |
 * | other 4xx (400, 404, 413, 422, ...) | `AIInvalidRequestError` | no |
 * | >= 500 | `AIServerError` | yes |
 * | none (network failure, timeout) | `AIProviderError` | yes |
 *
 * @param provider - the provider name, e.g. `"anthropic"`
 * @param status - the HTTP status, or `undefined` when no response arrived
 * @param message - a human-readable message (never include API keys or headers)
 * @param cause - the SDK error, kept as `error.cause`
 */
export function mapHttpStatusToAIError(
  provider: ProviderName,
  status: number | undefined,
  message: string,
  cause?: unknown,
  options: MapHttpStatusOptions = {},
): AIProviderError {
  const base = { status, cause };
  if (status === undefined || status === 0)
    return new AIProviderError(provider, message, { cause });
  if (status === 429) {
    return new AIRateLimitError(provider, message, { ...base, retryAfterMs: options.retryAfterMs });
  }
  if (status === 401 || status === 403) return new AIAuthenticationError(provider, message, base);
  if (status === 408 || status === 409) return new AIProviderError(provider, message, base);
  if (status >= 500) return new AIServerError(provider, message, base);
  if (status >= 400) return new AIInvalidRequestError(provider, message, base);
  return new AIProviderError(provider, message, base);
}

/** Headers as a fetch `Headers` object or a plain record. */
export type HeadersLike =
  | { get(name: string): string | null }
  | Record<string, string | string[] | undefined>;

/**
 * Reads how long a vendor asked to wait before retrying, from `retry-after-ms` (milliseconds) or
 * `retry-after` (seconds or an HTTP date). Returns `undefined` when absent or unreadable.
 *
 * @param headers - response headers
 * @param now - the current time in ms since the epoch, for HTTP-date values
 */
export function parseRetryAfterMs(
  headers: HeadersLike | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const read = (name: string): string | undefined => {
    if (typeof headers.get === "function") return headers.get(name) ?? undefined;
    const value = (headers as Record<string, string | string[] | undefined>)[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const ms = Number(read("retry-after-ms"));
  if (read("retry-after-ms") !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const after = read("retry-after");
  if (after === undefined) return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
