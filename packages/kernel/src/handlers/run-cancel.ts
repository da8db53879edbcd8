import { redactText } from "@stageflow/core";
import type { RunCancelCommand, RunCancelResult } from "../commands/command-types";
import { RunNotFoundError } from "../errors/kernel-errors";
import { cancelSuspendedStage } from "../execution/cancel-suspended-stage";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { StageRecord } from "../records/stage-record";
import { outboxEvent } from "../run-state/build-event";
import { ACTIVE_STAGE_STATUSES } from "../run-state/fail-run";

/**
 * `run.cancel`: in one transaction the run becomes CANCELLED (with `cancelReason`, secrets
 * redacted, also written to the run's log and the event), its unfinished stages CANCELLED, its
 * PENDING/RUNNING jobs cancelled, and `workflow:cancelled` is written; then bodies of the run
 * running in this process see `ctx.signal` abort (their outcome is discarded as a ghost). A run
 * already COMPLETED, FAILED or CANCELLED is left alone (`{ cancelled: false }`). Last, `onCancel`
 * of each stage that was SUSPENDED is called (reason `"cancelled"`) to cancel its vendor batch:
 * best-effort, one at a time, no transaction open; a throwing `onCancel` leaves a WARN log line of
 * the stage and does not change the result.
 *
 * @throws `RunNotFoundError` for an unknown run.
 */
export async function handleRunCancel(
  deps: KernelDeps,
  command: RunCancelCommand,
): Promise<RunCancelResult> {
  const cancelled = await deps.persistence.withTransaction(async (tx) => {
    const run = await tx.getRun(command.workflowRunId, { forUpdate: true });
    if (run === null) throw new RunNotFoundError(command.workflowRunId);
    if (run.status !== "PENDING" && run.status !== "RUNNING") return null;
    const suspended: StageRecord[] = [];
    const now = deps.clock.now();
    const reason =
      command.reason === undefined || command.reason === null
        ? null
        : redactText(String(command.reason));
    await tx.updateRun(
      run.id,
      { status: "CANCELLED", completedAt: now, cancelReason: reason },
      now,
      {
        expectedVersion: run.version,
      },
    );
    await tx.appendLogs([
      {
        workflowRunId: run.id,
        stageId: null,
        stageRecordId: null,
        level: "WARN",
        message: reason === null ? "Run cancelled" : `Run cancelled: ${reason}`,
        meta: { reason },
        createdAt: now,
      },
    ]);
    for (const stage of await tx.getStagesByRun(run.id)) {
      if (!ACTIVE_STAGE_STATUSES.has(stage.status)) continue;
      if (stage.status === "SUSPENDED") suspended.push(stage);
      await tx.updateStage(
        stage.id,
        { status: "CANCELLED", nextPollAt: null, completedAt: now },
        now,
        { expectedVersion: stage.version },
      );
    }
    await tx.cancelJobsByRun(run.id, now);
    await tx.aiBatches?.cancelRequestsOfRun(run.id, now);
    await tx.appendOutboxEvents([outboxEvent("workflow:cancelled", run, now, { reason })]);
    return { run, suspended };
  });
  if (cancelled === null) return { cancelled: false };
  deps.running.abortRun(command.workflowRunId, "was cancelled");
  if (deps.scheduler !== undefined) {
    await Promise.all([
      deps.scheduler.cancel("job.execute", command.workflowRunId),
      deps.scheduler.cancel("stage.pollSuspended", command.workflowRunId),
    ]).catch(() => {});
  }
  const workflow = deps.registry.getWorkflow(cancelled.run.workflowId);
  for (const stage of cancelled.suspended) {
    await cancelSuspendedStage(deps, { run: cancelled.run, stage, workflow, reason: "cancelled" });
  }
  return { cancelled: true };
}
