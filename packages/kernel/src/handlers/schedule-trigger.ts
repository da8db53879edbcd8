import type {
  ScheduleTriggerCommand,
  ScheduleTriggerResult,
} from "../commands/schedule-command-types";
import { IdempotencyInProgressError } from "../errors/kernel-errors";
import type { KernelDeps } from "../kernel/kernel-deps";
import { loadScheduleForUpdate } from "../schedules/load-schedule";
import { saveSchedule } from "../schedules/save-schedule";
import { startScheduledRun, withRecentRun } from "../schedules/start-scheduled-run";
import { validateRunCreate } from "./run-create";

/**
 * `schedule.trigger`: starts a run of the schedule now, in the transaction that records it on the
 * schedule (idempotency key `schedule:<scheduleId>:trigger:<now ISO>`). It works while paused and
 * ignores the overlap policy; it does not move the next tick.
 *
 * @throws `ScheduleNotFoundError`; `WorkflowNotFoundError` / `ValidationError` when the schedule's
 *   workflow or input no longer pass (nothing written).
 */
export async function handleScheduleTrigger(
  deps: KernelDeps,
  command: ScheduleTriggerCommand,
): Promise<ScheduleTriggerResult> {
  const now = deps.clock.now();
  const scheduledFor = now.toISOString();
  const key = `schedule:${command.scheduleId}:trigger:${scheduledFor}`;
  const workflowRunId = await deps.persistence.withTransaction(async (tx) => {
    const schedule = await loadScheduleForUpdate(tx, command.scheduleId);
    // Throws the typed rejection before anything is written.
    validateRunCreate(deps, {
      type: "run.create",
      workflowId: schedule.workflowId,
      input: schedule.input,
      ...(schedule.config === null ? {} : { config: schedule.config }),
    });
    const outcome = await startScheduledRun(deps, tx, schedule, {
      key,
      scheduledFor,
      reason: "trigger",
      now,
    });
    if (outcome.status !== "fired") throw new IdempotencyInProgressError(key, "run.create");
    await saveSchedule(
      tx,
      {
        ...schedule,
        recentRuns: withRecentRun(schedule.recentRuns, outcome.workflowRunId, scheduledFor),
        firedCount: schedule.firedCount + 1,
      },
      now,
    );
    return outcome.workflowRunId;
  });
  return { scheduleId: command.scheduleId, workflowRunId };
}
