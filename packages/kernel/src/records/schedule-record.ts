/**
 * What a schedule does when a tick comes while a run of an earlier tick is still PENDING or
 * RUNNING: `skip` the tick (default), `allow` another run, `bufferOne` (start one run when the
 * previous one ends, skip any further tick meanwhile), or `cancelPrevious` (cancel the running
 * run and start the new one).
 */
export type ScheduleOverlapPolicy = "skip" | "allow" | "bufferOne" | "cancelPrevious";

/** Where a schedule was declared: at run time (`api`) or in code next to the workflow (`code`). */
export type ScheduleSource = "api" | "code";

/** A run a schedule started, newest first on the schedule. */
export interface ScheduleRunRef {
  readonly workflowRunId: string;
  /** The cron tick (ISO-8601) the run belongs to, or the trigger time of `schedule.trigger`. */
  readonly tick: string;
  /** Set once this run's failure paused the schedule (`pauseOnFailure`), so it does so only once. */
  readonly pausedSchedule?: true;
}

/**
 * A cron schedule as persisted. The kernel computes every field; adapters store and return the
 * record as given (see `SchedulePersistence.putSchedule`).
 */
export interface ScheduleRecord {
  /** The caller's id (unique). */
  id: string;
  workflowId: string;
  /** A 5-field (minute) or 6-field (second) cron expression, parsed by croner. */
  cron: string;
  /** IANA time zone the cron is read in. Default `UTC`. */
  timezone: string;
  /** The run input (validated by the workflow's input schema). */
  input: unknown;
  /** Per-stage config overrides of every run, or null. */
  config: Record<string, unknown> | null;
  overlap: ScheduleOverlapPolicy;
  /** Missed ticks younger than this (ms) fire on recovery; older ones are counted as missed. */
  catchupWindowMs: number;
  /** Each tick fires up to this many ms late (a fixed offset per tick, the same on every worker). */
  jitterMs: number;
  paused: boolean;
  /** Pause the schedule when the run of its latest tick FAILED. */
  pauseOnFailure: boolean;
  /** No tick before this time. */
  startAt: Date | null;
  /** No tick at or after this time. */
  endAt: Date | null;
  source: ScheduleSource;
  /** The next cron tick not yet handled, or null when the schedule has no more ticks. */
  nextFireAt: Date | null;
  /**
   * When the schedule next needs a `schedule.tick`: `nextFireAt` plus its jitter, or sooner while a
   * buffered tick waits for the previous run to end. Null when there is nothing left to do.
   */
  dueAt: Date | null;
  /** A tick held back by `bufferOne` until the previous run ends. */
  bufferedTick: Date | null;
  /** The latest tick that started a run. */
  lastFiredAt: Date | null;
  /** The latest runs the schedule started, newest first (at most 10). */
  recentRuns: ScheduleRunRef[];
  /** Ticks that started a run. */
  firedCount: number;
  /** Ticks skipped by the overlap policy, an existing run of the tick, or input failing validation. */
  skippedCount: number;
  /** Ticks older than the catch-up window when the schedule was next ticked (workers were down). */
  missedCount: number;
  /** Why the schedule last skipped or paused itself (null when it has not). */
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Bumped by every change. */
  version: number;
}

/** Filter of `SchedulePersistence.listSchedules`. */
export interface ListSchedulesFilter {
  workflowId?: string;
  paused?: boolean;
  source?: ScheduleSource;
  /** Only schedules whose id sorts after this one (paging). */
  afterId?: string;
  limit?: number;
}
