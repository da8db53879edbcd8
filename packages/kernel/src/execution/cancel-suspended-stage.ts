import {
  type AnyWorkflow,
  type AsyncBatchCancelReason,
  createUsageRecorder,
  type SuspendedState,
} from "@stageflow/core";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { RunRecord } from "../records/run-record";
import type { StageRecord } from "../records/stage-record";
import { unstorableValue } from "./assert-storable";
import { createBlobStageStorage } from "./blob-stage-storage";
import { errorMessage } from "./failure-info";
import { createStageActivity } from "./stage-activity";

/**
 * Calls `onCancel` of a suspended async-batch stage that was just cancelled (`"cancelled"`) or
 * failed on its deadline (`"timeout"`), so it can cancel the vendor batch. Best-effort: runs after
 * the stage's new status is committed, with no transaction open, and never throws — an error is
 * logged as a WARN line of the stage and not retried. The context is built like
 * `checkCompletion`'s; usage recorded there is NOT added to the stage's or run's totals (the stage
 * is already final), and its signal is never aborted by the run. The stage's log lines are
 * appended afterwards, without those the database cannot store (a failure to write them is ignored). A stage without `onCancel`, or not an
 * async-batch stage of `workflow`, is left alone.
 */
export async function cancelSuspendedStage(
  deps: KernelDeps,
  options: {
    readonly run: RunRecord;
    readonly stage: StageRecord;
    readonly workflow: AnyWorkflow | null | undefined;
    readonly reason: AsyncBatchCancelReason;
  },
): Promise<void> {
  const { run, stage, workflow, reason } = options;
  const definition = workflow?.getStage(stage.stageId);
  if (definition?.mode !== "async-batch" || definition.onCancel === undefined) return;
  const activity = createStageActivity({
    run,
    stageId: stage.stageId,
    stageRecordId: stage.id,
    clock: deps.clock,
  });
  try {
    await definition.onCancel(
      (stage.suspendedState ?? {}) as SuspendedState,
      {
        workflowRunId: run.id,
        stageId: stage.stageId,
        stageRecordId: stage.id,
        config: run.config[stage.stageId],
        log: activity.log,
        onLog: activity.log,
        clock: deps.clock,
        storage: createBlobStageStorage(deps.blobStore, run.id, stage.stageId),
        usage: createUsageRecorder(),
        signal: new AbortController().signal,
      },
      reason,
    );
  } catch (error) {
    activity.log("WARN", "onCancel threw; the vendor batch may still be running", {
      reason,
      error: errorMessage(error),
    });
  }
  // Lines the database cannot store are dropped, so every adapter keeps the same ones.
  const logs = activity.logs.filter(
    (log) =>
      unstorableValue(stage.stageId, "log", { message: log.message, meta: log.meta }) === undefined,
  );
  if (logs.length > 0) await deps.persistence.appendLogs(logs).catch(() => {});
}
