import type {
  ScheduleUnpauseCommand,
  ScheduleUnpauseResult,
} from "../commands/schedule-command-types";
import type { KernelDeps } from "../kernel/kernel-deps";
import { parseCron } from "../schedules/cron-spec";
import { loadScheduleForUpdate } from "../schedules/load-schedule";
import { requestTick } from "../schedules/request-tick";
import { saveSchedule } from "../schedules/save-schedule";
import { nextTick } from "../schedules/schedule-ticks";

/**
 * `schedule.unpause`: the schedule fires again from its first tick after now; ticks that fell in
 * the paused time are dropped (not caught up, not counted). A schedule that is not paused is left
 * as it is.
 *
 * @throws `ScheduleNotFoundError`.
 */
export async function handleScheduleUnpause(
  deps: KernelDeps,
  command: ScheduleUnpauseCommand,
): Promise<ScheduleUnpauseResult> {
  const now = deps.clock.now();
  const { nextFireAt, dueAt } = await deps.persistence.withTransaction(async (tx) => {
    const schedule = await loadScheduleForUpdate(tx, command.scheduleId);
    if (!schedule.paused) return { nextFireAt: schedule.nextFireAt, dueAt: null };
    const spec = parseCron(schedule.cron, schedule.timezone);
    const stored = await saveSchedule(
      tx,
      { ...schedule, paused: false, bufferedTick: null, nextFireAt: nextTick(spec, now, schedule) },
      now,
    );
    return { nextFireAt: stored.nextFireAt, dueAt: stored.dueAt };
  });
  await requestTick(deps, dueAt);
  return { scheduleId: command.scheduleId, paused: false, nextFireAt };
}
