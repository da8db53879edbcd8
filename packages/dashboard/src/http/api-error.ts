/** Every error code of the dashboard's JSON API. */
export type ApiErrorCode =
  | "INVALID_PARAMETER"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "CROSS_SITE_REQUEST"
  | "READ_ONLY"
  | "ACTION_DISABLED"
  | "NOT_FOUND"
  | "CONFLICT"
  | "INTERNAL";

/** The HTTP status of each code. */
export const API_ERROR_STATUS: Readonly<Record<ApiErrorCode, 400 | 401 | 403 | 404 | 409 | 500>> = {
  INVALID_PARAMETER: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CROSS_SITE_REQUEST: 403,
  READ_ONLY: 403,
  ACTION_DISABLED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INTERNAL: 500,
};

/** The body of every error answer: `{ error: { code, message, details? } }`. */
export interface ApiErrorBody {
  readonly error: {
    readonly code: ApiErrorCode;
    readonly message: string;
    readonly details?: unknown;
  };
}

/**
 * An error the API answers with its code's status and an {@link ApiErrorBody}. Thrown by route
 * handlers; the app's error handler turns it into the response.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  /** Identifies the error across copies of this package. */
  readonly isStageflowDashboardError = true;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }

  /** The HTTP status of {@link ApiError.code}. */
  get status(): number {
    return API_ERROR_STATUS[this.code];
  }
}

/** A JSON error response for `code`. */
export function errorResponse(
  code: ApiErrorCode,
  message: string,
  details?: unknown,
  headers?: Record<string, string>,
): Response {
  const body: ApiErrorBody = {
    error: { code, message, ...(details === undefined ? {} : { details }) },
  };
  return new Response(JSON.stringify(body), {
    status: API_ERROR_STATUS[code],
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}
