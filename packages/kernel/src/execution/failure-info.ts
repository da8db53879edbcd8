import { isNonRetryableError, isStageflowError, redactText, redactValue } from "@stageflow/core";
import type { StoredError } from "../records/run-record";

/**
 * Codes of failures that repeat identically on every attempt, so retrying them is pointless:
 * schema failures, malformed results, secrets in state, missing upstream outputs, timeouts.
 */
const NON_RETRYABLE_CODES: ReadonlySet<string> = new Set([
  "NON_RETRYABLE",
  "VALIDATION_FAILED",
  "MISSING_STAGE_OUTPUT",
  "MISSING_UPSTREAM_OUTPUT",
  "NOT_JSON_SERIALIZABLE",
  "INVALID_STAGE_RESULT",
  "INVALID_SUSPENDED_RESULT",
  "SECRET_IN_SUSPENDED_STATE",
  "STAGE_TIMEOUT",
  "BATCH_FAILED",
  "WORKFLOW_NOT_FOUND",
  "STAGE_NOT_IN_WORKFLOW",
  "UNSTORABLE_VALUE",
]);

/**
 * True when a failed attempt may succeed if repeated. Identification goes through
 * `isNonRetryableError` and error codes, never `instanceof`, so two copies of a package agree.
 */
export function isRetryableFailure(error: unknown): boolean {
  if (isNonRetryableError(error)) return false;
  if (isStageflowError(error) && NON_RETRYABLE_CODES.has(error.code)) return false;
  return true;
}

/**
 * The message of any thrown value, secrets redacted (`redactText` / `redactValue` of
 * `@stageflow/core`): this is the text the kernel stores on runs, stages, jobs, events and logs.
 */
export function errorMessage(error: unknown): string {
  return redactText(rawMessage(error));
}

function rawMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(redactValue(error)) ?? String(error);
  } catch {
    return String(error);
  }
}

/**
 * The stored form of a failure: message (secrets redacted), the `code` of a `StageflowError`, and
 * the stage when given.
 *
 * @param error - the thrown value.
 * @param stageId - the failing stage, for run-level errors and events.
 */
export function toStoredError(error: unknown, stageId?: string): StoredError {
  const stored: StoredError = { message: errorMessage(error) };
  if (isStageflowError(error)) stored.code = error.code;
  if (stageId !== undefined) stored.stageId = stageId;
  if (error instanceof Error && typeof error.stack === "string") {
    stored.stack = redactText(error.stack);
  }
  return stored;
}
