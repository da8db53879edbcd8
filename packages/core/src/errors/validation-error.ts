import { StageflowError } from "./stageflow-error";

/** One reason a value failed validation. */
export interface ValidationIssue {
  /** Dotted path of the offending value (e.g. `"summarize.maxWords"`); empty for the root. */
  readonly path: string;
  /** What is wrong with it. */
  readonly message: string;
  /** The stage the value belongs to, when it belongs to one (stage config, stage output). */
  readonly stageId?: string;
}

/** Options accepted by the {@link ValidationError} constructor. */
export interface ValidationErrorOptions {
  /** Underlying error (typically the zod error). */
  readonly cause?: unknown;
  /** Structured context for logs and events. */
  readonly details?: Record<string, unknown>;
}

/**
 * A value (workflow input, stage config, stage output) failed its schema. Never retryable:
 * the same value fails the same way.
 */
export class ValidationError extends StageflowError<"VALIDATION_FAILED"> {
  /** Every problem found, each with its path and, where relevant, its stage id. */
  readonly issues: readonly ValidationIssue[];

  /**
   * @param message - human-readable summary naming what failed.
   * @param issues - the individual problems.
   * @param options - cause and details.
   */
  constructor(
    message: string,
    issues: readonly ValidationIssue[],
    options: ValidationErrorOptions = {},
  ) {
    super(message, { ...options, code: "VALIDATION_FAILED", retryable: false });
    this.name = "ValidationError";
    this.issues = Object.freeze([...issues]);
  }
}
