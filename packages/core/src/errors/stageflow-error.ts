/**
 * Brand placed on every {@link StageflowError}. It is a registered symbol
 * (`Symbol.for`), so two copies of `@stageflow/core` loaded side by side agree on it.
 */
export const STAGEFLOW_ERROR_BRAND: unique symbol = Symbol.for("stageflow.error");

/** Options accepted by the {@link StageflowError} constructor. */
export interface StageflowErrorOptions<TCode extends string = string> {
  /** Machine-readable identifier, stable across releases (e.g. `"VALIDATION_FAILED"`). */
  readonly code: TCode;
  /** The error that caused this one; passed to `Error` so runtimes print the chain. */
  readonly cause?: unknown;
  /** Whether repeating the failed operation may succeed. Defaults to `false`. */
  readonly retryable?: boolean;
  /** Structured, serialisable context for logs and events. Never put secrets here. */
  readonly details?: Record<string, unknown>;
}

/**
 * Base class of every error Stageflow throws. Identify one with
 * {@link isStageflowError} and `error.code`, not with `instanceof`: the brand check
 * keeps working when two copies of the package are installed.
 *
 * @example
 * ```ts
 * throw new StageflowError("Quota exhausted", { code: "QUOTA", retryable: true });
 * ```
 */
export class StageflowError<TCode extends string = string> extends Error {
  /** Brand read by {@link isStageflowError}. */
  readonly [STAGEFLOW_ERROR_BRAND] = true as const;
  /** Machine-readable identifier of the failure. */
  readonly code: TCode;
  /** Whether repeating the failed operation may succeed. */
  readonly retryable: boolean;
  /** Structured context for logs and events. */
  readonly details?: Record<string, unknown>;

  /**
   * @param message - human-readable explanation.
   * @param options - code, cause, retryable flag and details.
   */
  constructor(message: string, options: StageflowErrorOptions<TCode>) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "StageflowError";
    this.code = options.code;
    this.retryable = options.retryable ?? false;
    if (options.details !== undefined) this.details = options.details;
  }
}

/**
 * True when `error` is a {@link StageflowError} from any copy of `@stageflow/core`.
 *
 * @example
 * ```ts
 * if (isStageflowError(e) && e.code === "VALIDATION_FAILED") { ... }
 * ```
 */
export function isStageflowError(error: unknown): error is StageflowError {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { [STAGEFLOW_ERROR_BRAND]?: unknown })[STAGEFLOW_ERROR_BRAND] === true &&
    typeof (error as { code?: unknown }).code === "string"
  );
}
