import { ScheduleNotFoundError } from "../errors/schedule-errors";
import type { Persistence } from "../ports/persistence";
import type { SchedulePersistence } from "../ports/schedule-persistence";
import type { RunStatus } from "../records/run-record";
import type { ListSchedulesFilter, ScheduleRecord } from "../records/schedule-record";
import { parseCron } from "./cron-spec";
import { ticksFrom } from "./schedule-ticks";

/** A recent run of a schedule, as {@link describeSchedule} reports it. */
export interface ScheduleRunSummary {
  readonly workflowRunId: string;
  /** The tick (or trigger time) the run belongs to. */
  readonly tick: Date;
  /** Null when the run was purged. */
  readonly status: RunStatus | null;
  readonly createdAt: Date | null;
  readonly completedAt: Date | null;
}

/** What {@link describeSchedule} returns. */
export interface ScheduleDescription {
  readonly schedule: ScheduleRecord;
  /** The next fire times (ticks, before jitter), from `schedule.nextFireAt` on; empty while paused. */
  readonly nextFireTimes: Date[];
  /** The latest runs the schedule started, newest first. */
  readonly lastRuns: ScheduleRunSummary[];
}

/** Options of {@link describeSchedule}. */
export interface DescribeScheduleOptions {
  /** How many next fire times to compute. Default 5. */
  readonly nextFireTimes?: number;
  /** How many of the latest runs to read (at most 10 are kept). Default 10. */
  readonly lastRuns?: number;
}

/**
 * A schedule with its next fire times and its latest runs with their status (a query: it reads,
 * never writes; the CLI's and dashboard's `schedules show`).
 *
 * @example
 * ```ts
 * const { schedule, nextFireTimes, lastRuns } = await describeSchedule(persistence, "nightly");
 * ```
 *
 * @throws {@link ScheduleNotFoundError} for an unknown id.
 */
export async function describeSchedule(
  persistence: Pick<Persistence, "getSchedule" | "getRun">,
  scheduleId: string,
  options: DescribeScheduleOptions = {},
): Promise<ScheduleDescription> {
  const schedule = await persistence.getSchedule(scheduleId);
  if (schedule === null) throw new ScheduleNotFoundError(scheduleId);
  const spec = parseCron(schedule.cron, schedule.timezone);
  const nextFireTimes = schedule.paused
    ? []
    : ticksFrom(spec, schedule.nextFireAt, schedule, Math.max(0, options.nextFireTimes ?? 5));
  const lastRuns: ScheduleRunSummary[] = [];
  for (const ref of schedule.recentRuns.slice(0, Math.max(0, options.lastRuns ?? 10))) {
    const run = await persistence.getRun(ref.workflowRunId);
    lastRuns.push({
      workflowRunId: ref.workflowRunId,
      tick: new Date(ref.tick),
      status: run?.status ?? null,
      createdAt: run?.createdAt ?? null,
      completedAt: run?.completedAt ?? null,
    });
  }
  return { schedule, nextFireTimes, lastRuns };
}

/**
 * Schedules by id, filtered (a query; `stageflow schedules list`).
 *
 * @example
 * ```ts
 * const paused = await listSchedules(persistence, { paused: true });
 * ```
 */
export function listSchedules(
  persistence: Pick<SchedulePersistence, "listSchedules">,
  filter: ListSchedulesFilter = {},
): Promise<ScheduleRecord[]> {
  return persistence.listSchedules(filter);
}
