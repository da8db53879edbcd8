import { isStageflowError, StageflowError } from "./stageflow-error";

/** Options accepted by the {@link NonRetryableError} constructor. */
export interface NonRetryableErrorOptions {
  /** The error that caused this one. */
  readonly cause?: unknown;
  /** Structured context for logs and events. */
  readonly details?: Record<string, unknown>;
}

/**
 * Throw from a stage body to fail the stage at once, skipping the remaining retry attempts.
 *
 * @example
 * ```ts
 * if (!doc.pages.length) throw new NonRetryableError("The document has no pages");
 * ```
 */
export class NonRetryableError extends StageflowError<"NON_RETRYABLE"> {
  /**
   * @param message - why the stage cannot succeed.
   * @param options - cause and details.
   */
  constructor(message: string, options: NonRetryableErrorOptions = {}) {
    super(message, { ...options, code: "NON_RETRYABLE", retryable: false });
    this.name = "NonRetryableError";
  }
}

/** True when `error` is a {@link NonRetryableError} from any copy of `@stageflow/core`. */
export function isNonRetryableError(error: unknown): error is NonRetryableError {
  return isStageflowError(error) && error.code === "NON_RETRYABLE";
}
