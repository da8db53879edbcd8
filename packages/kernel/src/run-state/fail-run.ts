import { withoutStack } from "../execution/failure-info";
import type { Persistence } from "../ports/persistence";
import type { RunRecord, StoredError } from "../records/run-record";
import type { StageStatus } from "../records/stage-record";
import { outboxEvent } from "./build-event";

/** Stage statuses that can still change. */
export const ACTIVE_STAGE_STATUSES: ReadonlySet<StageStatus> = new Set([
  "PENDING",
  "RUNNING",
  "SUSPENDED",
]);

/**
 * Fails `run` (read in this transaction, so its version is checked): status FAILED with `error`
 * (kept on the run, stack included), an ERROR line in the run's log, its other unfinished stages
 * CANCELLED, its PENDING/RUNNING jobs and unfinished cross-run batched requests cancelled, and a
 * `workflow:failed` event carrying the error
 * (without the stack). Callers abort in-process bodies after commit.
 */
export async function failRun(
  tx: Persistence,
  run: RunRecord,
  error: StoredError,
  now: Date,
): Promise<RunRecord> {
  const failed = await tx.updateRun(run.id, { status: "FAILED", error, completedAt: now }, now, {
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
  // Its cross-run batched requests are not submitted any more (nor waited for).
  await tx.aiBatches?.cancelRequestsOfRun(run.id, now);
  const where = error.stageId === undefined ? "" : ` in stage "${error.stageId}"`;
  await tx.appendLogs([
    {
      workflowRunId: run.id,
      stageId: null,
      stageRecordId: null,
      level: "ERROR",
      message: `Run failed${where}: ${error.message}`,
      meta: { ...error },
      createdAt: now,
    },
  ]);
  await tx.appendOutboxEvents([
    outboxEvent("workflow:failed", run, now, { error: withoutStack(error) }),
  ]);
  return failed;
}
