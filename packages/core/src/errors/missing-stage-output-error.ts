import { StageflowError } from "./stageflow-error";

/**
 * `ctx.require(id)` asked for the output of a stage that has not produced one in this run,
 * usually because it is missing from the workflow or placed in the same or a later group.
 */
export class MissingStageOutputError extends StageflowError<"MISSING_STAGE_OUTPUT"> {
  /** The stage that called `require`. */
  readonly stageId: string;
  /** The stage whose output was requested. */
  readonly missingStageId: string;

  /**
   * @param stageId - the stage that called `require`.
   * @param missingStageId - the stage whose output is not available.
   */
  constructor(stageId: string, missingStageId: string) {
    super(
      `Stage "${stageId}" requires the output of "${missingStageId}", which is not available. ` +
        "Add it to dependencies and place it in an earlier group.",
      { code: "MISSING_STAGE_OUTPUT", retryable: false, details: { stageId, missingStageId } },
    );
    this.name = "MissingStageOutputError";
    this.stageId = stageId;
    this.missingStageId = missingStageId;
  }
}
