import { StageflowError } from "@stageflow/core";

/** `createStages` named a stage that already exists for its run (or twice in one call). */
export class StageAlreadyExistsError extends StageflowError<"STAGE_ALREADY_EXISTS"> {
  readonly workflowRunId: string;
  readonly stageId: string;

  /**
   * @param workflowRunId - the run.
   * @param stageId - the duplicate stage id (or the first of the call when unknown).
   */
  constructor(workflowRunId: string, stageId: string) {
    super(`Stage "${stageId}" already exists for workflow run "${workflowRunId}".`, {
      code: "STAGE_ALREADY_EXISTS",
      details: { workflowRunId, stageId },
    });
    this.name = "StageAlreadyExistsError";
    this.workflowRunId = workflowRunId;
    this.stageId = stageId;
  }
}
