import { isStageflowError } from "@stageflow/kernel";
import { ApiError, type ApiErrorCode } from "./api-error";

/** Kernel error codes and the API code each one becomes. */
const KERNEL_CODES: Readonly<Record<string, ApiErrorCode>> = {
  INVALID_QUERY: "INVALID_PARAMETER",
  INVALID_COMMAND: "INVALID_PARAMETER",
  VALIDATION_FAILED: "INVALID_PARAMETER",
  RUN_NOT_FOUND: "NOT_FOUND",
  STAGE_NOT_FOUND: "NOT_FOUND",
  STAGE_NOT_IN_WORKFLOW: "NOT_FOUND",
  RERUN_NOT_ALLOWED: "CONFLICT",
  STALE_VERSION: "CONFLICT",
  IDEMPOTENCY_IN_PROGRESS: "CONFLICT",
  WORKFLOW_NOT_FOUND: "CONFLICT",
};

/**
 * `error` as an {@link ApiError}: an `ApiError` as is; a kernel error by its code (bad query →
 * 400, unknown run or stage → 404, refused rerun or a workflow this process does not know →
 * 409); anything else 500 `INTERNAL`.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isStageflowError(error)) {
    const code = KERNEL_CODES[error.code];
    if (code !== undefined) {
      return new ApiError(code, error.message, { kernelCode: error.code }, { cause: error });
    }
  }
  return new ApiError("INTERNAL", "The dashboard failed to answer this request.", undefined, {
    cause: error,
  });
}
