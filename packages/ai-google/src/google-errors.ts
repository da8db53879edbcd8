import {
  AIError,
  AIInvalidRequestError,
  BatchNotFoundError,
  isAIError,
  mapHttpStatusToAIError,
} from "@stageflow/ai";

const PROVIDER = "google";

/**
 * The provider had to construct a client from `{ apiKey }` but `@google/genai` could not be
 * imported. Install it (`npm i @google/genai`) or pass `{ client }`. Not retryable.
 */
export class GoogleSdkMissingError extends AIError {
  override readonly name: string = "GoogleSdkMissingError";
  /** The npm package to install. */
  readonly packageName = "@google/genai";

  constructor(cause: unknown) {
    super(
      "The Google provider needs the `@google/genai` package to construct a client: " +
        "npm i @google/genai (or pass { client }).",
      { code: "AI_PROVIDER_NOT_CONFIGURED", cause, retryable: false },
    );
  }
}

interface GoogleErrorBody {
  error?: { message?: string; details?: Array<{ "@type"?: string; retryDelay?: string }> };
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === "number" ? status : undefined;
}

/** The SDK's `ApiError.message` is the JSON error body; parse it when it is one. */
function parseBody(message: string): GoogleErrorBody | undefined {
  try {
    const parsed: unknown = JSON.parse(message);
    return typeof parsed === "object" && parsed !== null ? (parsed as GoogleErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

/** Milliseconds from a `google.rpc.RetryInfo` detail (`retryDelay: "2.5s"`). */
export function retryDelayMs(body: GoogleErrorBody | undefined): number | undefined {
  const info = body?.error?.details?.find((d) => d["@type"]?.endsWith("google.rpc.RetryInfo"));
  const seconds = Number.parseFloat(info?.retryDelay ?? "");
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** Remove the API key from text that may end up in logs. */
export function redact(text: string, apiKey: string | undefined): string {
  return apiKey && apiKey.length >= 4 ? text.split(apiKey).join("[redacted]") : text;
}

/**
 * Translate anything the SDK throws into a typed `@stageflow/ai` error. `ApiError` carries the
 * HTTP status and the JSON body as its message: 429 → rate limit (with `retryAfterMs` from a
 * `RetryInfo` detail), ≥ 500 → server, 401/403 → authentication, other 4xx → invalid request;
 * no status → retryable provider error. The API key is scrubbed from the message.
 */
export function toAIError(error: unknown, apiKey?: string): Error {
  if (isAIError(error)) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const body = parseBody(raw);
  const message = redact(body?.error?.message ?? raw, apiKey);
  return mapHttpStatusToAIError(PROVIDER, statusOf(error), message, error, {
    retryAfterMs: retryDelayMs(body),
  });
}

/** Like {@link toAIError}, but a 404 on a batch becomes `BatchNotFoundError`. */
export function toBatchError(error: unknown, batchId: string, apiKey?: string): Error {
  if (statusOf(error) === 404) return new BatchNotFoundError(PROVIDER, batchId, error);
  return toAIError(error, apiKey);
}

/** A request the provider rejects before calling the API (non-retryable). */
export function invalidRequest(message: string): Error {
  return new AIInvalidRequestError(PROVIDER, message);
}
