import type { SchedulePauseCommand, SchedulePauseResult } from "../commands/schedule-command-types";
import type { KernelDeps } from "../kernel/kernel-deps";
import { loadScheduleForUpdate } from "../schedules/load-schedule";
import { saveSchedule } from "../schedules/save-schedule";

/**
 * `schedule.pause`: no tick fires until `schedule.unpause` (`schedule.trigger` and
 * `schedule.backfill` still work).
 *
 * @throws `ScheduleNotFoundError`.
 */
export async function handleSchedulePause(
  deps: KernelDeps,
  command: SchedulePauseCommand,
): Promise<SchedulePauseResult> {
  const now = deps.clock.now();
  await deps.persistence.withTransaction(async (tx) => {
    const schedule = await loadScheduleForUpdate(tx, command.scheduleId);
    if (!schedule.paused) await saveSchedule(tx, { ...schedule, paused: true }, now);
  });
  return { scheduleId: command.scheduleId, paused: true };
}
