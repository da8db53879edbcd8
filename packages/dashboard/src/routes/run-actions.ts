import type { RunRerunFromResult } from "@stageflow/kernel";
import type { DashboardContext } from "../dashboard-context";
import { ApiError } from "../http/api-error";

/**
 * Cancels a PENDING or RUNNING run.
 *
 * @throws 404 for an unknown run; 409 `CONFLICT` for a run that already finished.
 */
export async function cancelRun(
  context: DashboardContext,
  runId: string,
  reason: string | undefined,
): Promise<{ cancelled: boolean }> {
  const result = await context.kernel.dispatch({
    type: "run.cancel",
    workflowRunId: runId,
    ...(reason === undefined ? {} : { reason }),
  });
  if (!result.cancelled) {
    const detail = await context.kernel.query.getRunDetail(runId);
    const status = detail?.run.status ?? "unknown";
    throw new ApiError(
      "CONFLICT",
      `Run "${runId}" is ${status}: only PENDING or RUNNING runs can be cancelled.`,
      {
        status,
      },
    );
  }
  return result;
}

/** Reruns a run from `fromStageId` (404 unknown run or stage, 409 when the kernel refuses). */
export function rerunRun(
  context: DashboardContext,
  runId: string,
  fromStageId: string,
): Promise<RunRerunFromResult> {
  return context.kernel.dispatch({ type: "run.rerunFrom", workflowRunId: runId, fromStageId });
}

/**
 * Reruns a FAILED run from the stage that failed (its FAILED stage record, else the stage named
 * by the run's error).
 *
 * @throws 404 for an unknown run; 409 `CONFLICT` for a run that is not FAILED.
 */
export async function retryRun(
  context: DashboardContext,
  runId: string,
): Promise<RunRerunFromResult> {
  const detail = await context.kernel.query.getRunDetail(runId);
  if (detail === null) throw new ApiError("NOT_FOUND", `No run "${runId}" exists.`);
  const { run } = detail;
  if (run.status !== "FAILED") {
    throw new ApiError(
      "CONFLICT",
      `Run "${runId}" is ${run.status}: only FAILED runs can be retried.`,
      {
        status: run.status,
      },
    );
  }
  const failed = detail.stages
    .filter((stage) => stage.status === "FAILED")
    .sort((a, b) => a.groupIndex - b.groupIndex)[0];
  const fromStageId = failed?.stageId ?? run.error?.stageId;
  if (fromStageId === undefined) {
    throw new ApiError(
      "CONFLICT",
      `Run "${runId}" failed outside any stage: rerun it from a stage instead.`,
    );
  }
  return rerunRun(context, runId, fromStageId);
}
