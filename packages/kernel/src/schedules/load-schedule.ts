import { ScheduleNotFoundError } from "../errors/schedule-errors";
import type { Persistence } from "../ports/persistence";
import type { ScheduleRecord } from "../records/schedule-record";

/**
 * Reads and locks schedule `scheduleId` inside `tx`.
 *
 * @throws {@link ScheduleNotFoundError} when there is none.
 */
export async function loadScheduleForUpdate(
  tx: Persistence,
  scheduleId: string,
): Promise<ScheduleRecord> {
  const schedule = await tx.getSchedule(scheduleId, { forUpdate: true });
  if (schedule === null) throw new ScheduleNotFoundError(scheduleId);
  return schedule;
}
