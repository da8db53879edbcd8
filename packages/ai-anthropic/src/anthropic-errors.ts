import {
  AIError,
  AIInvalidRequestError,
  AIProviderError,
  BatchNotFoundError,
  isAIError,
  mapHttpStatusToAIError,
  parseRetryAfterMs,
} from "@stageflow/ai";

const PROVIDER = "anthropic";

/**
 * The provider had to construct a client from `{ apiKey }` but `@anthropic-ai/sdk` could not be
 * imported. Install it (`npm i @anthropic-ai/sdk`) or pass `{ client }`. Not retryable.
 */
export class AnthropicSdkMissingError extends AIError {
  override readonly name: string = "AnthropicSdkMissingError";
  /** The npm package to install. */
  readonly packageName = "@anthropic-ai/sdk";

  constructor(cause: unknown) {
    super(
      "The Anthropic provider needs the `@anthropic-ai/sdk` package to construct a client: " +
        "npm i @anthropic-ai/sdk (or pass { client }).",
      { code: "AI_PROVIDER_NOT_CONFIGURED", cause, retryable: false },
    );
  }
}

interface HttpErrorLike {
  status: number;
  headers?: { get(name: string): string | null } | undefined;
}

function asHttpError(error: unknown): HttpErrorLike | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === "number" ? (error as HttpErrorLike) : undefined;
}

/** Remove the API key from text that may end up in logs. */
export function redact(text: string, apiKey: string | undefined): string {
  return apiKey && apiKey.length >= 4 ? text.split(apiKey).join("[redacted]") : text;
}

/**
 * Translate anything the SDK throws into a typed `@stageflow/ai` error: 429 → rate limit (with
 * `retryAfterMs`), ≥ 500 (529 overloaded included) → server, 401/403 → authentication, other 4xx →
 * invalid request. Without a status, connection failures and timeouts are retryable provider
 * errors, while the SDK's own client-side refusals (base `AnthropicError`, e.g. "streaming is
 * required" for a huge `max_tokens`) are not. The API key is scrubbed from the message.
 */
export function toAIError(error: unknown, apiKey?: string): Error {
  if (isAIError(error)) return error;
  const message = redact(error instanceof Error ? error.message : String(error), apiKey);
  const http = asHttpError(error);
  if (!http && error instanceof Error && error.name === "AnthropicError") {
    return new AIProviderError(PROVIDER, message, { cause: error, retryable: false });
  }
  return mapHttpStatusToAIError(PROVIDER, http?.status, message, error, {
    retryAfterMs: parseRetryAfterMs(http?.headers),
  });
}

/** Like {@link toAIError}, but a 404 on a batch becomes `BatchNotFoundError`. */
export function toBatchError(error: unknown, batchId: string, apiKey?: string): Error {
  if (asHttpError(error)?.status === 404) return new BatchNotFoundError(PROVIDER, batchId, error);
  return toAIError(error, apiKey);
}

/** A request the provider rejects before calling the API (non-retryable). */
export function invalidRequest(message: string): Error {
  return new AIInvalidRequestError(PROVIDER, message);
}
