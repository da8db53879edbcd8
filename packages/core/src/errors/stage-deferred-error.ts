import { isStageflowError, StageflowError } from "./stageflow-error";

/**
 * What makes a thrown value a deferral: a `StageflowError` (any code) with `deferred: true` and a
 * finite `retryAfterMs` of at least 0. The kernel turns it into a delayed re-run of the same
 * attempt instead of a failed attempt.
 */
export interface StageDeferral {
  /** Brand field: the body could not proceed now and asks to run again later. */
  readonly deferred: true;
  /** How long to wait before the attempt runs again, in milliseconds. */
  readonly retryAfterMs: number;
}

/** Options of the {@link StageDeferredError} constructor. */
export interface StageDeferredErrorOptions {
  /** The error that caused the deferral. */
  readonly cause?: unknown;
  /** Structured context for logs. Never put secrets here. */
  readonly details?: Record<string, unknown>;
}

/**
 * Throw from a stage body when it cannot proceed yet but nothing failed (a shared rate limit has
 * no capacity, say): the kernel releases the worker and runs the same attempt again after
 * `retryAfterMs`, without counting a failed attempt. `@stageflow/ai` throws its own deferral
 * (`AIRateLimitWaitError`) when a rate limiter is configured.
 *
 * @example
 * ```ts
 * if (!(await quota.tryTake())) throw new StageDeferredError("quota exhausted", 30_000);
 * ```
 */
export class StageDeferredError extends StageflowError<"STAGE_DEFERRED"> implements StageDeferral {
  /** Brand read by {@link isStageDeferral}. */
  readonly deferred = true as const;
  /** How long to wait before the attempt runs again, in milliseconds. */
  readonly retryAfterMs: number;

  /**
   * @param message - why the stage waits.
   * @param retryAfterMs - how long to wait (rounded up to a whole millisecond, at least 0).
   * @param options - cause and details.
   */
  constructor(message: string, retryAfterMs: number, options: StageDeferredErrorOptions = {}) {
    super(message, { ...options, code: "STAGE_DEFERRED", retryable: true });
    this.name = "StageDeferredError";
    this.retryAfterMs = Math.max(0, Math.ceil(retryAfterMs));
  }
}

/**
 * True when `error` asks for a deferral (see {@link StageDeferral}): a `StageflowError` from any
 * copy of `@stageflow/core` with `deferred: true` and a finite `retryAfterMs >= 0`.
 */
export function isStageDeferral(error: unknown): error is StageflowError & StageDeferral {
  if (!isStageflowError(error)) return false;
  const fields = error as unknown as { deferred?: unknown; retryAfterMs?: unknown };
  return (
    fields.deferred === true &&
    typeof fields.retryAfterMs === "number" &&
    Number.isFinite(fields.retryAfterMs) &&
    fields.retryAfterMs >= 0
  );
}
