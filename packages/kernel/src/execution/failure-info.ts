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
 * True when a failed attempt may succeed if repeated. A `NonRetryableError` and the codes above
 * never are; otherwise the error's own boolean `retryable` flag decides (every `StageflowError`
 * has one, e.g. the AI helper's `AI_AUTHENTICATION_FAILED` is `false`, `AI_RATE_LIMITED` `true`);
 * a thrown value without the flag (a plain `Error`) is retryable. Identification goes through
 * brands, codes and fields, never `instanceof`, so two copies of a package agree.
 */
export function isRetryableFailure(error: unknown): boolean {
  if (isNonRetryableError(error)) return false;
  if (isStageflowError(error) && NON_RETRYABLE_CODES.has(error.code)) return false;
  const flag = fieldOf(error, "retryable");
  return typeof flag === "boolean" ? flag : true;
}

/**
 * How long the failing service asked the caller to wait before trying again, in milliseconds: the
 * error's `retryAfterMs` field (the AI helper's `AIRateLimitError` carries a provider's
 * `Retry-After` there), when it is a finite number of at least 0. Undefined otherwise.
 */
export function retryAfterMsOf(error: unknown): number | undefined {
  const value = fieldOf(error, "retryAfterMs");
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function fieldOf(error: unknown, field: string): unknown {
  if (typeof error !== "object" || error === null) return undefined;
  return (error as Record<string, unknown>)[field];
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
 * The stored form of a failure: message (secrets redacted), the `code` of a `StageflowError`, the
 * stage and attempt when given, and the stack (secrets redacted, capped).
 *
 * @param error - the thrown value.
 * @param stageId - the failing stage, for run-level errors and events.
 * @param attempt - the attempt that failed.
 */
export function toStoredError(error: unknown, stageId?: string, attempt?: number): StoredError {
  const stored: StoredError = { message: errorMessage(error) };
  if (isStageflowError(error)) stored.code = error.code;
  if (stageId !== undefined) stored.stageId = stageId;
  if (attempt !== undefined) stored.attempt = attempt;
  const stack = storedStackOf(error);
  if (stack !== undefined) stored.stack = stack;
  return stored;
}

/** The longest stack kept on a stored error. */
const MAX_STACK_CHARS = 4_000;

/**
 * The stack of `error` to store: secrets redacted (`redactText`) and capped at 4 000 characters;
 * undefined without one.
 */
export function storedStackOf(error: unknown): string | undefined {
  if (!(error instanceof Error) || typeof error.stack !== "string" || error.stack === "") {
    return undefined;
  }
  const stack = redactText(error.stack);
  return stack.length > MAX_STACK_CHARS ? `${stack.slice(0, MAX_STACK_CHARS)}…` : stack;
}

/** `error` without its stack, for `workflow:failed` (the run, its stages and `stage:failed` keep it). */
export function withoutStack(error: StoredError): StoredError {
  const { stack: _stack, ...rest } = error;
  return rest;
}
