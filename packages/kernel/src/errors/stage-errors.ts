import { StageflowError } from "@stageflow/core";

/** A stage's input could not be assembled: an upstream stage has no stored output. Not retried. */
export class MissingUpstreamOutputError extends StageflowError<"MISSING_UPSTREAM_OUTPUT"> {
  /** The stage whose input was being built. */
  readonly stageId: string;
  /** The upstream stages without output. */
  readonly missingStageIds: readonly string[];

  /**
   * @param stageId - the stage whose input was being built.
   * @param missingStageIds - the previous group's stages whose output is missing.
   */
  constructor(stageId: string, missingStageIds: readonly string[]) {
    const names = missingStageIds.map((id) => `"${id}"`).join(", ");
    super(
      `Cannot build the input of stage "${stageId}": no stored output for upstream stage ${names}.`,
      {
        code: "MISSING_UPSTREAM_OUTPUT",
        details: { stageId, missingStageIds: [...missingStageIds] },
      },
    );
    this.name = "MissingUpstreamOutputError";
    this.stageId = stageId;
    this.missingStageIds = Object.freeze([...missingStageIds]);
  }
}

/** A stage body returned something that is neither `{ output }` nor a valid suspension. Not retried. */
export class InvalidStageResultError extends StageflowError<"INVALID_STAGE_RESULT"> {
  /** The stage whose body returned the value. */
  readonly stageId: string;

  /**
   * @param stageId - the stage.
   * @param problem - what is wrong with the returned value.
   */
  constructor(stageId: string, problem: string) {
    super(`Stage "${stageId}" returned an invalid result: ${problem}.`, {
      code: "INVALID_STAGE_RESULT",
      details: { stageId, problem },
    });
    this.name = "InvalidStageResultError";
    this.stageId = stageId;
  }
}

/** An async-batch stage returned a malformed `{ suspended: true, state, pollConfig }`. Not retried. */
export class InvalidSuspendedResultError extends StageflowError<"INVALID_SUSPENDED_RESULT"> {
  /** The stage that suspended. */
  readonly stageId: string;

  /**
   * @param stageId - the stage.
   * @param problem - which field is wrong and how.
   */
  constructor(stageId: string, problem: string) {
    super(`Stage "${stageId}" returned a malformed suspended result: ${problem}.`, {
      code: "INVALID_SUSPENDED_RESULT",
      details: { stageId, problem },
    });
    this.name = "InvalidSuspendedResultError";
    this.stageId = stageId;
  }
}

/** Suspended state would have persisted a secret (an API key, token, password…). Not retried. */
export class SecretInSuspendedStateError extends StageflowError<"SECRET_IN_SUSPENDED_STATE"> {
  /** The stage that suspended. */
  readonly stageId: string;
  /** Where the secret-looking field is, e.g. `state.metadata.apiKey`. */
  readonly path: string;

  /**
   * @param stageId - the stage.
   * @param path - the offending field.
   */
  constructor(stageId: string, path: string) {
    super(
      `Stage "${stageId}" tried to persist a secret in its suspended state (${path}). ` +
        "Suspended state is stored in the database: keep API keys in the provider client and read them again in checkCompletion.",
      { code: "SECRET_IN_SUSPENDED_STATE", details: { stageId, path } },
    );
    this.name = "SecretInSuspendedStateError";
    this.stageId = stageId;
    this.path = path;
  }
}

/** A suspended stage was still waiting when its `maxWaitTime` ran out. */
export class StageTimeoutError extends StageflowError<"STAGE_TIMEOUT"> {
  /** The stage that timed out. */
  readonly stageId: string;

  /**
   * @param stageId - the stage.
   * @param maxWaitUntil - the deadline that passed.
   */
  constructor(stageId: string, maxWaitUntil: Date) {
    super(
      `Stage "${stageId}" timed out: still suspended at its deadline ${maxWaitUntil.toISOString()}.`,
      { code: "STAGE_TIMEOUT", details: { stageId, maxWaitUntil: maxWaitUntil.toISOString() } },
    );
    this.name = "StageTimeoutError";
    this.stageId = stageId;
  }
}

/** `checkCompletion` reported `{ ready: false, error }`: the batch failed for good. */
export class BatchFailedError extends StageflowError<"BATCH_FAILED"> {
  /** The suspended stage. */
  readonly stageId: string;

  /**
   * @param stageId - the stage.
   * @param reason - the error `checkCompletion` returned.
   */
  constructor(stageId: string, reason: string) {
    super(`Batch of stage "${stageId}" failed: ${reason}`, {
      code: "BATCH_FAILED",
      details: { stageId, reason },
    });
    this.name = "BatchFailedError";
    this.stageId = stageId;
  }
}

/** The reason given to `ctx.signal` when `run.cancel` aborts a running body. */
export class RunCancelledError extends StageflowError<"RUN_CANCELLED"> {
  /** The cancelled run. */
  readonly workflowRunId: string;

  /** @param workflowRunId - the cancelled (or failed) run. */
  constructor(workflowRunId: string, why = "was cancelled") {
    super(`Workflow run "${workflowRunId}" ${why}.`, {
      code: "RUN_CANCELLED",
      details: { workflowRunId },
    });
    this.name = "RunCancelledError";
    this.workflowRunId = workflowRunId;
  }
}

/**
 * A stage reported progress outside 0..1 (or NaN): `ctx.onProgress` takes a fraction, e.g.
 * `(index + 1) / items.length`. Thrown by `ctx.onProgress`; not retried (the body repeats it).
 */
export class InvalidProgressError extends StageflowError<"INVALID_PROGRESS"> {
  /** The stage that reported the value. */
  readonly stageId: string;

  /**
   * @param stageId - the stage.
   * @param progress - the rejected value.
   */
  constructor(stageId: string, progress: unknown) {
    super(
      `Stage "${stageId}" reported progress ${String(progress)}: progress is a fraction from 0 to 1 (e.g. (index + 1) / items.length).`,
      {
        code: "INVALID_PROGRESS",
        retryable: false,
        details: { stageId, progress: String(progress) },
      },
    );
    this.name = "InvalidProgressError";
    this.stageId = stageId;
  }
}
