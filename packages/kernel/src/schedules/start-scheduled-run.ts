import { isStageflowError } from "@stageflow/core";
import { errorMessage } from "../execution/failure-info";
import { validateRunCreate } from "../handlers/run-create";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { Persistence } from "../ports/persistence";
import type { ScheduleRecord } from "../records/schedule-record";
import { outboxEvent } from "../run-state/build-event";

/** What {@link startScheduledRun} did. */
export type ScheduledRunOutcome =
  | { readonly status: "fired"; readonly workflowRunId: string }
  /** The idempotency key of the tick exists: its run was created before. */
  | { readonly status: "exists" }
  /** The schedule's workflow, input or config no longer pass validation; nothing was written. */
  | { readonly status: "invalid"; readonly error: string };

/**
 * Creates the PENDING run of `schedule` for `scheduledFor` inside `tx` under the idempotency key
 * `key` (command type `run.create`, so a `run.create` with that key replays this run): the key,
 * the run, its `workflow:created` and `schedule:fired` events all commit with the caller's
 * transaction, or none does. The run's metadata names the schedule and the tick.
 */
export async function startScheduledRun(
  deps: KernelDeps,
  tx: Persistence,
  schedule: ScheduleRecord,
  options: {
    readonly key: string;
    readonly scheduledFor: string;
    readonly reason: "tick" | "trigger" | "backfill";
    readonly now: Date;
  },
): Promise<ScheduledRunOutcome> {
  let valid: ReturnType<typeof validateRunCreate>;
  try {
    valid = validateRunCreate(deps, {
      type: "run.create",
      workflowId: schedule.workflowId,
      input: schedule.input,
      ...(schedule.config === null ? {} : { config: schedule.config }),
      metadata: { scheduleId: schedule.id, scheduledFor: options.scheduledFor },
    });
  } catch (error) {
    if (!isStageflowError(error)) throw error;
    return { status: "invalid", error: errorMessage(error) };
  }
  const { now, key } = options;
  const acquired = await tx.acquireIdempotencyKey({
    key,
    commandType: "run.create",
    now,
    reclaimAfterMs: deps.reclaimAfterMs,
  });
  if (acquired.status !== "acquired") return { status: "exists" };
  const run = await tx.createRun({ ...valid, now });
  await tx.appendOutboxEvents([
    outboxEvent("workflow:created", run, run.createdAt, { priority: valid.priority }),
    outboxEvent("schedule:fired", run, now, {
      scheduleId: schedule.id,
      scheduledFor: options.scheduledFor,
      reason: options.reason,
    }),
  ]);
  await tx.completeIdempotencyKey(
    key,
    "run.create",
    { workflowRunId: run.id, status: "PENDING" },
    now,
  );
  return { status: "fired", workflowRunId: run.id };
}

/** `runs` with `workflowRunId` for `tick` in front, keeping the newest 10. */
export function withRecentRun(
  runs: ScheduleRecord["recentRuns"],
  workflowRunId: string,
  tick: string,
): ScheduleRecord["recentRuns"] {
  return [{ workflowRunId, tick }, ...runs].slice(0, 10);
}
