import { StageflowError } from "@stageflow/core";

/** `kernel.dispatch` received a command whose `type` the kernel does not handle. */
export class UnknownCommandError extends StageflowError<"UNKNOWN_COMMAND"> {
  /** The `type` that was dispatched. */
  readonly commandType: string;

  /** @param commandType - the unrecognised `type` field (stringified). */
  constructor(commandType: string) {
    super(`Unknown kernel command type "${commandType}".`, {
      code: "UNKNOWN_COMMAND",
      details: { commandType },
    });
    this.name = "UnknownCommandError";
    this.commandType = commandType;
  }
}

/** A command named a stage id that the run's workflow does not contain. */
export class StageNotInWorkflowError extends StageflowError<"STAGE_NOT_IN_WORKFLOW"> {
  /** The unknown stage id. */
  readonly stageId: string;
  /** The workflow that was searched. */
  readonly workflowId: string;

  /**
   * @param stageId - the stage id that was named.
   * @param workflowId - the workflow that has no such stage.
   */
  constructor(stageId: string, workflowId: string) {
    super(`Stage "${stageId}" not found in workflow "${workflowId}"`, {
      code: "STAGE_NOT_IN_WORKFLOW",
      details: { stageId, workflowId },
    });
    this.name = "StageNotInWorkflowError";
    this.stageId = stageId;
    this.workflowId = workflowId;
  }
}

/** `run.rerunFrom` was refused: the run is busy, or earlier groups have not completed. Nothing changed. */
export class RerunNotAllowedError extends StageflowError<"RERUN_NOT_ALLOWED"> {
  /** The run that was to be rerun. */
  readonly workflowRunId: string;
  /** The stage the rerun was to start from. */
  readonly fromStageId: string;

  /**
   * @param workflowRunId - the run.
   * @param fromStageId - the requested start stage.
   * @param reason - why the rerun is refused (completes the message).
   */
  constructor(workflowRunId: string, fromStageId: string, reason: string) {
    super(`Cannot rerun from stage "${fromStageId}": ${reason}`, {
      code: "RERUN_NOT_ALLOWED",
      details: { workflowRunId, fromStageId, reason },
    });
    this.name = "RerunNotAllowedError";
    this.workflowRunId = workflowRunId;
    this.fromStageId = fromStageId;
  }
}

/** A command field has a value the kernel cannot accept (wrong range, or records that do not match). Nothing changed. */
export class InvalidCommandError extends StageflowError<"INVALID_COMMAND"> {
  /** The command's `type`. */
  readonly commandType: string;
  /** The offending field. */
  readonly field: string;

  /**
   * @param commandType - the command's `type`.
   * @param field - the field whose value was refused.
   * @param reason - what is wrong with it (completes the message).
   */
  constructor(commandType: string, field: string, reason: string) {
    super(`Invalid ${commandType} command: ${field} ${reason}`, {
      code: "INVALID_COMMAND",
      details: { commandType, field, reason },
    });
    this.name = "InvalidCommandError";
    this.commandType = commandType;
    this.field = field;
  }
}

/** A query of `kernel.query` (or `createRunQueries`) has a field the kernel cannot accept. Nothing was read. */
export class InvalidQueryError extends StageflowError<"INVALID_QUERY"> {
  /** The query method, e.g. `"listRuns"`. */
  readonly query: string;
  /** The offending field. */
  readonly field: string;

  /**
   * @param query - the query method.
   * @param field - the field whose value was refused.
   * @param reason - what is wrong with it (completes the message).
   */
  constructor(query: string, field: string, reason: string) {
    super(`Invalid ${query} query: ${field} ${reason}`, {
      code: "INVALID_QUERY",
      details: { query, field, reason },
    });
    this.name = "InvalidQueryError";
    this.query = query;
    this.field = field;
  }
}
