import { redactSecrets } from "../logging/redact-secrets";
import type { ProviderName } from "../provider";
import { type AIError, isAIError } from "./ai-error";
import { AIProviderError } from "./ai-provider-error";
import { BatchNotFoundError } from "./batch-errors";
import {
  type HeadersLike,
  mapHttpStatusToAIError,
  parseRetryAfterMs,
} from "./map-http-status-to-ai-error";

/**
 * How {@link mapSdkError} reads what a vendor SDK threw. Every reader has a default that fits
 * SDKs whose errors carry a numeric `status`, a `headers` object and a `message`.
 */
export interface MapSdkErrorOptions {
  /** The API key: scrubbed from the message, besides whatever `redactSecrets` recognizes. */
  apiKey?: string | undefined;
  /**
   * The origin the call went to (e.g. `https://api.anthropic.com`): named in the message of a
   * failure that never got an HTTP status (connection refused, DNS, timeout).
   */
  baseURL?: string | undefined;
  /** The batch the failed call was about: a 404 then becomes `BatchNotFoundError`. */
  batchId?: string | undefined;
  /** The HTTP status of the failed call. Default: a numeric `status` property. */
  statusOf?: (error: unknown) => number | undefined;
  /** The message to report, before redaction. Default: `error.message`, else `String(error)`. */
  messageOf?: (error: unknown) => string;
  /**
   * How long the vendor asked to wait (kept on rate-limit errors). Default: `retry-after-ms` or
   * `retry-after` of a `headers` property (see `parseRetryAfterMs`).
   */
  retryAfterMsOf?: (error: unknown) => number | undefined;
  /**
   * Whether an error without a status is the SDK refusing a request before sending it: not
   * retryable, unlike a connection failure or a timeout. Default: never.
   */
  isClientSideRefusal?: (error: unknown) => boolean;
}

function propertyOf(error: unknown, name: string): unknown {
  return typeof error === "object" && error !== null
    ? (error as Record<string, unknown>)[name]
    : undefined;
}

function numericStatus(error: unknown): number | undefined {
  const status = propertyOf(error, "status");
  return typeof status === "number" ? status : undefined;
}

function messageText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function retryAfterFromHeaders(error: unknown): number | undefined {
  const headers = propertyOf(error, "headers");
  return typeof headers === "object" && headers !== null
    ? parseRetryAfterMs(headers as HeadersLike)
    : undefined;
}

/** `host:port` of a base URL (no path, no credentials), or the text itself when it is no URL. */
function hostOf(baseURL: string): string {
  try {
    return new URL(baseURL).host;
  } catch {
    return baseURL;
  }
}

function scrub(text: string, apiKey: string | undefined): string {
  const keyless = apiKey && apiKey.length >= 4 ? text.split(apiKey).join("[redacted]") : text;
  return redactSecrets(keyless);
}

/**
 * Translates whatever a vendor SDK throws into a typed `@stageflow/ai` error, the same way for
 * every provider: an `AIError` passes through; with a `batchId`, a 404 becomes
 * `BatchNotFoundError`; a client-side refusal becomes a non-retryable `AIProviderError`; anything
 * else goes through `mapHttpStatusToAIError` (429 → rate limit with `retryAfterMs`, 401/403 →
 * authentication, other 4xx → invalid request, ≥ 500 → server, no status → retryable provider
 * error, whose message names the host tried when `baseURL` is given). The API key and anything
 * that looks like a credential are scrubbed from the message.
 *
 * @param provider - the provider name, e.g. `"openai"`
 * @param error - what the SDK threw; kept as the `cause`
 * @param options - the API key, the batch id, and readers for the SDK's error shape
 *
 * @example
 * ```ts
 * try { return await fn(client); }
 * catch (error) { throw mapSdkError("openai", error, { apiKey, batchId }); }
 * ```
 */
export function mapSdkError(
  provider: ProviderName,
  error: unknown,
  options: MapSdkErrorOptions = {},
): AIError {
  const status = (options.statusOf ?? numericStatus)(error);
  if (options.batchId !== undefined && status === 404) {
    return new BatchNotFoundError(provider, options.batchId, error);
  }
  if (isAIError(error)) return error;
  const message = scrub((options.messageOf ?? messageText)(error), options.apiKey);
  if (status === undefined && options.isClientSideRefusal?.(error)) {
    return new AIProviderError(provider, message, { cause: error, retryable: false });
  }
  const where =
    status === undefined && options.baseURL !== undefined
      ? ` (while connecting to ${hostOf(options.baseURL)})`
      : "";
  return mapHttpStatusToAIError(provider, status, `${message}${where}`, error, {
    retryAfterMs: (options.retryAfterMsOf ?? retryAfterFromHeaders)(error),
  });
}
