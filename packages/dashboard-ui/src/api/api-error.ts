/** An error answered by the dashboard API (`{ error: { code, message, details? } }`). */
export class ApiError extends Error {
  override readonly name = "ApiError";
  /** The API's error code (e.g. `CONFLICT`), or `NETWORK` / `BAD_RESPONSE`. */
  readonly code: string;
  /** The HTTP status, 0 when the request did not complete. */
  readonly status: number;
  readonly details: unknown;

  constructor(code: string, message: string, status: number, details?: unknown) {
    super(message);
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

/** Reads the error body of a failed response into an `ApiError`. */
export function toApiError(status: number, body: unknown): ApiError {
  if (typeof body === "object" && body !== null && "error" in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === "object" && error !== null) {
      const { code, message, details } = error as Record<string, unknown>;
      if (typeof code === "string" && typeof message === "string") {
        return new ApiError(code, message, status, details);
      }
    }
  }
  return new ApiError("BAD_RESPONSE", `The server answered ${status}.`, status);
}
