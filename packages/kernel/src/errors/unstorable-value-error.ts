import { StageflowError } from "@stageflow/core";

/**
 * A stage produced a value the database cannot store as given (U+0000, a lone UTF-16 surrogate):
 * in its output, a thrown error's message, a log line, a progress report, metrics or suspended
 * state. The stage fails at once, not retried (the same body would produce it again), identically
 * on every adapter; the offending value itself is not stored.
 */
export class UnstorableValueError extends StageflowError<"UNSTORABLE_VALUE"> {
  /** The stage that produced the value. */
  readonly stageId: string;
  /** Where the value is, e.g. `output.items[2].text` or `log[0].message`. */
  readonly field: string;
  /** What is wrong with it. */
  readonly problem: string;

  /**
   * @param stageId - the stage.
   * @param field - where the value is.
   * @param problem - what is wrong with it.
   */
  constructor(stageId: string, field: string, problem: string) {
    super(`Stage "${stageId}" produced a value that cannot be stored: ${field} ${problem}.`, {
      code: "UNSTORABLE_VALUE",
      retryable: false,
      details: { stageId, field, problem },
    });
    this.name = "UnstorableValueError";
    this.stageId = stageId;
    this.field = field;
    this.problem = problem;
  }
}

/**
 * The outcome of a stage attempt could not be committed (the database refused a write), so the
 * attempt is recorded as failed with this error instead and the stage's retry policy decides: a
 * job whose outcome never commits is not re-run without limit. Retryable.
 */
export class CompletionNotCommittedError extends StageflowError<"COMPLETION_NOT_COMMITTED"> {
  /** The stage whose outcome was lost. */
  readonly stageId: string;

  /**
   * @param stageId - the stage.
   * @param cause - what the commit threw.
   * @param reason - its message, made storable.
   */
  constructor(stageId: string, cause: unknown, reason: string) {
    super(`The outcome of stage "${stageId}" could not be committed: ${reason}`, {
      code: "COMPLETION_NOT_COMMITTED",
      retryable: true,
      cause,
      details: { stageId },
    });
    this.name = "CompletionNotCommittedError";
    this.stageId = stageId;
  }
}
