import type { ListSchedulesFilter, ScheduleRecord } from "../records/schedule-record";

/**
 * Storage of cron schedules: part of every `Persistence`, so a schedule advances in the same
 * transaction that creates the run of its tick. The kernel computes every field of a record
 * (next fire time, counters, recent runs); adapters store and return records as given.
 */
export interface SchedulePersistence {
  /** Reads a schedule. `forUpdate` locks the row until the transaction ends, where supported. */
  getSchedule(id: string, options?: { forUpdate?: boolean }): Promise<ScheduleRecord | null>;
  /** Inserts the schedule, or replaces every field of the stored one with the same id. */
  putSchedule(record: ScheduleRecord): Promise<void>;
  /** Deletes a schedule; resolves to whether one existed. */
  deleteSchedule(id: string): Promise<boolean>;
  /** Schedules matching `filter`, by id. */
  listSchedules(filter: ListSchedulesFilter): Promise<ScheduleRecord[]>;
  /**
   * Locks and returns up to `limit` unpaused schedules whose `dueAt <= now`, earliest first.
   * Concurrent callers never receive the same schedule (`FOR UPDATE SKIP LOCKED` on Postgres;
   * serialized transactions elsewhere). Must be called inside a transaction: the lock holds until
   * the caller's writes (the advanced schedule and the runs of its ticks) commit.
   */
  claimDueSchedules(options: { now: Date; limit: number }): Promise<ScheduleRecord[]>;
  /** The earliest `dueAt` of an unpaused schedule, or null when none is due ever. */
  nextScheduleDueAt(): Promise<Date | null>;
}
