import type { RunCancelCommand, RunCancelResult } from "../commands/command-types";
import { RunNotFoundError } from "../errors/kernel-errors";
import type { KernelDeps } from "../kernel/kernel-deps";
import { outboxEvent } from "../run-state/build-event";
import { ACTIVE_STAGE_STATUSES } from "../run-state/fail-run";

/**
 * `run.cancel`: in one transaction the run becomes CANCELLED, its unfinished stages CANCELLED, its
 * PENDING/RUNNING jobs cancelled, and `workflow:cancelled` is written; then bodies of the run
 * running in this process see `ctx.signal` abort (their outcome is discarded as a ghost). A run
 * already COMPLETED, FAILED or CANCELLED is left alone (`{ cancelled: false }`).
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
    if (run.status !== "PENDING" && run.status !== "RUNNING") return false;
    const now = deps.clock.now();
    await tx.updateRun(run.id, { status: "CANCELLED", completedAt: now }, now, {
      expectedVersion: run.version,
    });
    for (const stage of await tx.getStagesByRun(run.id)) {
      if (!ACTIVE_STAGE_STATUSES.has(stage.status)) continue;
      await tx.updateStage(
        stage.id,
        { status: "CANCELLED", nextPollAt: null, completedAt: now },
        now,
        { expectedVersion: stage.version },
      );
    }
    await tx.cancelJobsByRun(run.id, now);
    await tx.appendOutboxEvents([
      outboxEvent("workflow:cancelled", run, now, { reason: command.reason ?? null }),
    ]);
    return true;
  });
  if (!cancelled) return { cancelled: false };
  deps.running.abortRun(command.workflowRunId, "was cancelled");
  if (deps.scheduler !== undefined) {
    await Promise.all([
      deps.scheduler.cancel("job.execute", command.workflowRunId),
      deps.scheduler.cancel("stage.pollSuspended", command.workflowRunId),
    ]).catch(() => {});
  }
  return { cancelled: true };
}
