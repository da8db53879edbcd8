import type {
  ScheduleDeleteCommand,
  ScheduleDeleteResult,
} from "../commands/schedule-command-types";
import type { KernelDeps } from "../kernel/kernel-deps";

/** `schedule.delete`: removes the schedule (`deleted: false` when there was none); its runs stay. */
export async function handleScheduleDelete(
  deps: KernelDeps,
  command: ScheduleDeleteCommand,
): Promise<ScheduleDeleteResult> {
  return { deleted: await deps.persistence.deleteSchedule(command.scheduleId) };
}
