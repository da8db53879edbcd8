import type { ProviderName } from "../provider";
import { AIError, type AIErrorCode } from "./ai-error";

/** Options of {@link AIProviderError} and its subclasses. */
export interface AIProviderErrorOptions {
  /** HTTP status of the failed request, when there was a response. */
  status?: number;
  /** The SDK error or network error. */
  cause?: unknown;
  /** Overrides the class default. */
  retryable?: boolean;
}

/**
 * A call to an AI vendor failed. Subclasses narrow the reason by HTTP status; a plain
 * `AIProviderError` (code `AI_PROVIDER_ERROR`) is a network failure or an unmapped status and is
 * retryable by default. Build one with {@link mapHttpStatusToAIError}.
 */
export class AIProviderError extends AIError {
  override readonly name: string = "AIProviderError";
  /** The provider that failed (`anthropic`, `openai`, ...). */
  readonly provider: ProviderName;
  /** HTTP status, when the vendor answered. */
  readonly status: number | undefined;

  constructor(
    provider: ProviderName,
    message: string,
    options: AIProviderErrorOptions = {},
    code: AIErrorCode = "AI_PROVIDER_ERROR",
  ) {
    super(message, { code, cause: options.cause, retryable: options.retryable ?? true });
    this.provider = provider;
    this.status = options.status;
  }
}

/** HTTP 429: the vendor throttled the call. Retryable; honour `retryAfterMs` when present. */
export class AIRateLimitError extends AIProviderError {
  override readonly name: string = "AIRateLimitError";
  /** How long the vendor asked to wait, from `retry-after-ms` / `retry-after`. */
  readonly retryAfterMs: number | undefined;

  constructor(
    provider: ProviderName,
    message: string,
    options: AIProviderErrorOptions & { retryAfterMs?: number } = {},
  ) {
    super(provider, message, { ...options, status: options.status ?? 429 }, "AI_RATE_LIMITED");
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** HTTP 401 / 403: the API key is missing, wrong or lacks permission. Not retryable. */
export class AIAuthenticationError extends AIProviderError {
  override readonly name: string = "AIAuthenticationError";

  constructor(provider: ProviderName, message: string, options: AIProviderErrorOptions = {}) {
    super(
      provider,
      message,
      { ...options, retryable: options.retryable ?? false },
      "AI_AUTHENTICATION_FAILED",
    );
  }
}

/**
 * HTTP 400 / 404 / 422 (and other 4xx): the request itself is wrong (unknown model, bad
 * parameters, too many tokens). Also thrown for invalid input caught before any request.
 * Not retryable.
 */
export class AIInvalidRequestError extends AIProviderError {
  override readonly name: string = "AIInvalidRequestError";

  constructor(provider: ProviderName, message: string, options: AIProviderErrorOptions = {}) {
    super(
      provider,
      message,
      { ...options, retryable: options.retryable ?? false },
      "AI_INVALID_REQUEST",
    );
  }
}

/** HTTP >= 500 (including Anthropic's 529 "overloaded"): the vendor failed. Retryable. */
export class AIServerError extends AIProviderError {
  override readonly name: string = "AIServerError";

  constructor(provider: ProviderName, message: string, options: AIProviderErrorOptions = {}) {
    super(provider, message, options, "AI_SERVER_ERROR");
  }
}
