import { AIInvalidRequestError, type SdkErrorReaders, SdkMissingError } from "@stageflow/ai";

const PROVIDER = "google";

/**
 * The provider had to construct a client from `{ apiKey }` but `@google/genai` could not be
 * imported. Install it (`npm i @google/genai`) or pass `{ client }`. Not retryable.
 */
export class GoogleSdkMissingError extends SdkMissingError {
  override readonly name: string = "GoogleSdkMissingError";

  constructor(cause: unknown) {
    super(PROVIDER, "@google/genai", { label: "Google", cause });
  }
}

interface GoogleErrorBody {
  error?: { message?: string; details?: Array<{ "@type"?: string; retryDelay?: string }> };
}

/** The SDK's `ApiError.message` is the JSON error body; parse it when it is one. */
function parseBody(error: unknown): GoogleErrorBody | undefined {
  try {
    const parsed: unknown = JSON.parse(error instanceof Error ? error.message : String(error));
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

/**
 * How `mapSdkError` reads the SDK's errors. `ApiError` carries the HTTP status and the JSON error
 * body as its message: the body's `error.message` is reported, and a rate limit's `retryAfterMs`
 * comes from its `RetryInfo` detail (the SDK exposes no response headers).
 */
export const googleErrorReaders: SdkErrorReaders = {
  messageOf: (error) =>
    parseBody(error)?.error?.message ?? (error instanceof Error ? error.message : String(error)),
  retryAfterMsOf: (error) => retryDelayMs(parseBody(error)),
};

/** A request the provider rejects before calling the API (non-retryable). */
export function invalidRequest(message: string): Error {
  return new AIInvalidRequestError(PROVIDER, message);
}
