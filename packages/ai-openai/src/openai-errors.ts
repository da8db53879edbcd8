import {
  AIError,
  AIInvalidRequestError,
  AIProviderError,
  BatchNotFoundError,
  isAIError,
  mapHttpStatusToAIError,
  parseRetryAfterMs,
} from "@stageflow/ai";

const PROVIDER = "openai";

/**
 * The provider had to construct a client from `{ apiKey }` but the `openai` package could not be
 * imported. Install it (`npm i openai`) or pass `{ client }`. Not retryable.
 */
export class OpenAISdkMissingError extends AIError {
  override readonly name: string = "OpenAISdkMissingError";
  /** The npm package to install. */
  readonly packageName = "openai";

  constructor(cause: unknown) {
    super(
      "The OpenAI provider needs the `openai` package to construct a client: npm i openai " +
        "(or pass { client }).",
      { code: "AI_PROVIDER_NOT_CONFIGURED", cause, retryable: false },
    );
  }
}

interface HttpErrorLike {
  status: number;
  headers?: { get(name: string): string | null } | undefined;
}

function httpStatusOf(error: unknown): HttpErrorLike | undefined {
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
 * `retryAfterMs` from `retry-after-ms` / `retry-after`), ≥ 500 → server, 401/403 → authentication,
 * other 4xx → invalid request; no status (network failure, timeout) → retryable provider error.
 * The API key is scrubbed from the message.
 */
export function toAIError(error: unknown, apiKey?: string): Error {
  if (isAIError(error)) return error;
  const message = redact(error instanceof Error ? error.message : String(error), apiKey);
  const http = httpStatusOf(error);
  return mapHttpStatusToAIError(PROVIDER, http?.status, message, error, {
    retryAfterMs: parseRetryAfterMs(http?.headers),
  });
}

/** Like {@link toAIError}, but a 404 on a batch becomes `BatchNotFoundError`. */
export function toBatchError(error: unknown, batchId: string, apiKey?: string): Error {
  if (httpStatusOf(error)?.status === 404) return new BatchNotFoundError(PROVIDER, batchId, error);
  return toAIError(error, apiKey);
}

/** A request the provider rejects before calling the API (non-retryable). */
export function invalidRequest(message: string): Error {
  return new AIInvalidRequestError(PROVIDER, message);
}

/** The model declined a structured-output request (non-retryable). */
export function refusalError(refusal: string): Error {
  return new AIProviderError(PROVIDER, `The model refused: ${refusal}`, { retryable: false });
}
