import { isStageflowError, StageflowError } from "@stageflow/core";
import type { StoredError } from "@stageflow/kernel";

/**
 * `run.result()` of a run that ended FAILED. `error` is the failure stored on the run (its
 * message, and the failing stage's `code` and `stageId` when known).
 *
 * @example
 * ```ts
 * try { await run.result(); } catch (e) {
 *   if (isRunFailedError(e)) console.error(e.error.stageId, e.error.message);
 * }
 * ```
 */
export class RunFailedError extends StageflowError<"RUN_FAILED"> {
  /** The failed run. */
  readonly workflowRunId: string;
  /** Its workflow. */
  readonly workflowId: string;
  /** The failure as stored on the run. */
  readonly error: StoredError;

  /**
   * @param run - the run's id, workflow and stored error (`null` when none was stored).
   */
  constructor(run: { id: string; workflowId: string; error: StoredError | null }) {
    const error = run.error ?? { message: "the run failed (no error was stored)" };
    const where = error.stageId ? ` in stage "${error.stageId}"` : "";
    super(`Run "${run.id}" of workflow "${run.workflowId}" failed${where}: ${error.message}`, {
      code: "RUN_FAILED",
      details: { workflowRunId: run.id, workflowId: run.workflowId, error: { ...error } },
    });
    this.name = "RunFailedError";
    this.workflowRunId = run.id;
    this.workflowId = run.workflowId;
    this.error = error;
  }
}

/**
 * True when `error` is a {@link RunFailedError} from any copy of this package (checked by `code`,
 * not `instanceof`).
 */
export function isRunFailedError(error: unknown): error is RunFailedError {
  return isStageflowError(error) && error.code === "RUN_FAILED";
}
