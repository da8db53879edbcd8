import { isStageflowError, StageflowError } from "@stageflow/core";
import type { StoredError } from "@stageflow/kernel";

/** `run.result()` of a run that was cancelled (`run.cancel`); `reason` is the cancel's reason. */
export class RunCancelledError extends StageflowError<"RUN_CANCELLED"> {
  /** The cancelled run. */
  readonly workflowRunId: string;
  /** Its workflow. */
  readonly workflowId: string;
  /** The reason given to `run.cancel`, when known. */
  readonly reason: string | null;
  /** What the run stores about its end, when anything. */
  readonly error: StoredError | null;

  /**
   * @param run - the run's id, workflow and stored error.
   * @param reason - the cancel's reason, when known.
   */
  constructor(
    run: { id: string; workflowId: string; error: StoredError | null },
    reason: string | null,
  ) {
    super(
      `Run "${run.id}" of workflow "${run.workflowId}" was cancelled${reason ? `: ${reason}` : ""}`,
      {
        code: "RUN_CANCELLED",
        details: { workflowRunId: run.id, workflowId: run.workflowId, reason },
      },
    );
    this.name = "RunCancelledError";
    this.workflowRunId = run.id;
    this.workflowId = run.workflowId;
    this.reason = reason;
    this.error = run.error;
  }
}

/**
 * True when `error` is a {@link RunCancelledError} from any copy of this package (checked by
 * `code`, not `instanceof`).
 */
export function isRunCancelledError(error: unknown): error is RunCancelledError {
  return isStageflowError(error) && error.code === "RUN_CANCELLED";
}
