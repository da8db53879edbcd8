import type { Persistence } from "../ports/persistence";
import type { ScheduleRecord } from "../records/schedule-record";
import { dueAtOf } from "./schedule-ticks";

/** How often (ms) a tick held by `bufferOne` checks whether the previous run ended. */
export const BUFFER_RECHECK_MS = 1_000;

/**
 * Stores `record` through `tx` with its due time recomputed (its next tick plus jitter, or at most
 * {@link BUFFER_RECHECK_MS} away while a buffered tick waits), `updatedAt` = `now` and the version
 * bumped. Returns the stored record.
 */
export async function saveSchedule(
  tx: Persistence,
  record: ScheduleRecord,
  now: Date,
): Promise<ScheduleRecord> {
  let dueAt = dueAtOf(record, record.nextFireAt);
  if (record.bufferedTick !== null) {
    const recheck = now.getTime() + BUFFER_RECHECK_MS;
    if (dueAt === null || dueAt.getTime() > recheck) dueAt = new Date(recheck);
  }
  const stored: ScheduleRecord = {
    ...record,
    dueAt,
    updatedAt: new Date(now.getTime()),
    version: record.version + 1,
  };
  await tx.putSchedule(stored);
  return stored;
}
