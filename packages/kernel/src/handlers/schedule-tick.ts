import type { ScheduleTickCommand, ScheduleTickResult } from "../commands/schedule-command-types";
import { wholeNumberField } from "../commands/whole-number-field";
import type { KernelDeps } from "../kernel/kernel-deps";
import { advanceSchedule } from "../schedules/advance-schedule";
import { requestTick } from "../schedules/request-tick";
import { handleRunCancel } from "./run-cancel";

/**
 * `schedule.tick`: in one transaction, claims up to `maxSchedules` due schedules (skip-locked on
 * Postgres, so concurrent workers split them) and handles their due ticks (see
 * `advanceSchedule`): each tick's run is created with the idempotency key
 * `schedule:<scheduleId>:<tick ISO>` in the transaction that moves the schedule past the tick, so
 * a tick starts at most one run, and a crash before the commit leaves the tick due for the next
 * worker. Time comes from the kernel's clock. After the commit, runs replaced by
 * `cancelPrevious` are cancelled (`run.cancel`), and the optional `Scheduler` is asked for the
 * next tick at the earliest due time.
 */
export async function handleScheduleTick(
  deps: KernelDeps,
  command: ScheduleTickCommand,
): Promise<ScheduleTickResult> {
  const limit = wholeNumberField(command.type, "maxSchedules", command.maxSchedules ?? 10, 1);
  const now = deps.clock.now();
  // Nothing due: one read, no transaction (hosts tick often as a safety net).
  const earliest = await deps.persistence.nextScheduleDueAt();
  if (earliest === null || earliest.getTime() > now.getTime()) {
    return { fired: 0, skipped: 0, nextDueAt: earliest };
  }
  const outcome = await deps.persistence.withTransaction(async (tx) => {
    let fired = 0;
    let skipped = 0;
    const cancel: string[] = [];
    const claimed = await tx.claimDueSchedules({ now, limit });
    for (const schedule of claimed) {
      const advanced = await advanceSchedule(deps, tx, schedule, now);
      fired += advanced.fired;
      skipped += advanced.skipped;
      cancel.push(...advanced.cancel);
    }
    return { fired, skipped, cancel, claimed: claimed.length };
  });
  for (const workflowRunId of outcome.cancel) {
    await handleRunCancel(deps, {
      type: "run.cancel",
      workflowRunId,
      reason: "replaced by the next tick of its schedule (overlap: cancelPrevious)",
    });
  }
  const nextDueAt = await deps.persistence.nextScheduleDueAt();
  if (outcome.claimed > 0) await requestTick(deps, nextDueAt);
  return { fired: outcome.fired, skipped: outcome.skipped, nextDueAt };
}
