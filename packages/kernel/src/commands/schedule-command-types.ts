/** Input and result shapes of the `schedule.*` commands. */

import type { ScheduleOverlapPolicy, ScheduleSource } from "../records/schedule-record";

/** A point in time as a command accepts it: a `Date` or an ISO-8601 string. */
export type TimeInput = Date | string;

/** The fields of a schedule, as `schedule.upsert` and `syncSchedules` take them. */
export interface ScheduleDefinition {
  /** Unique id of the schedule, chosen by the caller (e.g. `"nightly-reindex"`). */
  scheduleId: string;
  workflowId: string;
  /** 5 fields (`"0 3 * * *"`) or 6 with seconds first (`"*\/10 * * * * *"`); `L`, `#`, ranges, steps. */
  cron: string;
  /** IANA time zone the cron is read in. Default `"UTC"`. */
  timezone?: string;
  /** Input of every run, validated now and at every tick by the workflow's input schema. */
  input?: unknown;
  /** Per-stage config overrides of every run, validated like `run.create`'s. */
  config?: Record<string, unknown>;
  /** Default `"skip"`. */
  overlap?: ScheduleOverlapPolicy;
  /** Missed ticks younger than this fire on recovery, older ones are skipped. Default 86 400 000 (a day). */
  catchupWindowMs?: number;
  /** Delay each tick by up to this many ms (deterministic per tick). Default 0. */
  jitterMs?: number;
  /** Create or keep the schedule paused. Default: unchanged (false for a new schedule). */
  paused?: boolean;
  /** Pause the schedule when the run of its latest tick failed. Default false. */
  pauseOnFailure?: boolean;
  /** No tick before this time. */
  startAt?: TimeInput | null;
  /** No tick at or after this time. */
  endAt?: TimeInput | null;
}

/** Create a schedule, or change the one with this id (its counters and recent runs are kept). */
export interface ScheduleUpsertCommand extends ScheduleDefinition {
  type: "schedule.upsert";
  /** Default `"api"`; `syncSchedules` passes `"code"`. */
  source?: ScheduleSource;
}
export interface ScheduleUpsertResult {
  scheduleId: string;
  /** The next tick, or null when the schedule has none left (past its `endAt`). */
  nextFireAt: Date | null;
  /** False when a schedule with this id existed. */
  created: boolean;
}

/** Delete a schedule; runs it started are not touched. */
export interface ScheduleDeleteCommand {
  type: "schedule.delete";
  scheduleId: string;
}
export interface ScheduleDeleteResult {
  deleted: boolean;
}

/** Stop firing ticks until `schedule.unpause`. */
export interface SchedulePauseCommand {
  type: "schedule.pause";
  scheduleId: string;
}
export interface SchedulePauseResult {
  scheduleId: string;
  paused: true;
}

/** Fire again from the next tick after now (ticks of the paused time are not caught up). */
export interface ScheduleUnpauseCommand {
  type: "schedule.unpause";
  scheduleId: string;
}
export interface ScheduleUnpauseResult {
  scheduleId: string;
  paused: false;
  nextFireAt: Date | null;
}

/** Start a run of the schedule now (also when paused; the overlap policy does not apply). */
export interface ScheduleTriggerCommand {
  type: "schedule.trigger";
  scheduleId: string;
}
export interface ScheduleTriggerResult {
  scheduleId: string;
  workflowRunId: string;
}

/**
 * Start the run of every tick in `[from, to]` that has none yet (each with its tick's idempotency
 * key, so a tick that fired is never run twice). At most 1 000 ticks; `to` not in the future.
 */
export interface ScheduleBackfillCommand {
  type: "schedule.backfill";
  scheduleId: string;
  from: TimeInput;
  to: TimeInput;
}
export interface ScheduleBackfillResult {
  scheduleId: string;
  /** Ticks that got a run now. */
  fired: number;
  /** Ticks that already had a run. */
  skipped: number;
  /** The new runs, in tick order. */
  workflowRunIds: string[];
}

/**
 * Fire the due ticks of up to `maxSchedules` schedules: each tick's run is created with the
 * idempotency key `schedule:<scheduleId>:<tick ISO>` in the transaction that advances the
 * schedule, so a tick starts at most one run whichever workers tick at once.
 */
export interface ScheduleTickCommand {
  type: "schedule.tick";
  /** Default 10. */
  maxSchedules?: number;
}
export interface ScheduleTickResult {
  /** Ticks that started a run. */
  fired: number;
  /** Ticks skipped (overlap, missed beyond the catch-up window, input now invalid, already run). */
  skipped: number;
  /** The earliest due time of any schedule after this tick (for a host's timer), or null. */
  nextDueAt: Date | null;
}
