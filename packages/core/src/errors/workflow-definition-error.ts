import { StageflowError } from "./stageflow-error";

/** Codes of {@link WorkflowDefinitionError}, one per kind of malformed definition. */
export type WorkflowDefinitionErrorCode =
  | "DUPLICATE_STAGE_ID"
  | "UNKNOWN_DEPENDENCY"
  | "DEPENDENCY_NOT_BEFORE"
  | "EMPTY_PARALLEL_GROUP"
  | "INVALID_STAGE_DEFINITION"
  | "EMPTY_WORKFLOW"
  | "INVALID_WORKFLOW_DEFINITION";

/** Options accepted by the {@link WorkflowDefinitionError} constructor. */
export interface WorkflowDefinitionErrorOptions {
  /** The stage at fault, when one is. */
  readonly stageId?: string;
  /** The workflow being built, when known. */
  readonly workflowId?: string;
  /** Underlying error. */
  readonly cause?: unknown;
  /** Structured context for logs and events. */
  readonly details?: Record<string, unknown>;
}

/**
 * A stage or workflow definition is malformed. Thrown eagerly by `defineStage`,
 * `defineAsyncBatchStage` and `WorkflowBuilder`, so a bad definition fails at import time,
 * never in the middle of a run.
 */
export class WorkflowDefinitionError extends StageflowError<WorkflowDefinitionErrorCode> {
  /** The stage at fault, or `undefined` for workflow-level problems. */
  readonly stageId: string | undefined;
  /** The workflow being built, when known. */
  readonly workflowId: string | undefined;

  /**
   * @param code - what kind of problem it is.
   * @param message - human-readable explanation naming the stage.
   * @param options - stage id, workflow id, cause, details.
   */
  constructor(
    code: WorkflowDefinitionErrorCode,
    message: string,
    options: WorkflowDefinitionErrorOptions = {},
  ) {
    super(message, { code, cause: options.cause, details: options.details, retryable: false });
    this.name = "WorkflowDefinitionError";
    this.stageId = options.stageId;
    this.workflowId = options.workflowId;
  }
}
