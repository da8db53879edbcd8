import type { KernelDeps } from "../kernel/kernel-deps";
import type { Persistence } from "../ports/persistence";
import type { RunStatus } from "../records/run-record";
import type { ScheduleRecord } from "../records/schedule-record";
import { parseCron } from "./cron-spec";
import { saveSchedule } from "./save-schedule";
import { dueAtOf, nextTick, tickIdempotencyKey } from "./schedule-ticks";
import { SkippedTicks } from "./skipped-ticks";
import { startScheduledRun, withRecentRun } from "./start-scheduled-run";

/** Ticks one `schedule.tick` starts runs for, per schedule, at most (the rest wait for the next call). */
export const MAX_FIRES_PER_SCHEDULE = 100;
/** Ticks one `schedule.tick` looks at, per schedule, at most (missed ones included). */
export const MAX_TICKS_PER_SCHEDULE = 1_000;

/** What {@link advanceSchedule} did to one schedule. */
export interface AdvanceOutcome {
  readonly fired: number;
  readonly skipped: number;
  /** Runs to cancel after the commit (`cancelPrevious`). */
  readonly cancel: readonly string[];
}

const ACTIVE: ReadonlySet<RunStatus> = new Set(["PENDING", "RUNNING"]);

/**
 * Handles the due ticks of a claimed `schedule` at `now`, inside `tx`: in tick order, a tick older
 * than the catch-up window is counted as missed; any other one fires (a run created by
 * {@link startScheduledRun}) or is handled by the overlap policy when a run of the schedule is still
 * PENDING or RUNNING. A tick held by `bufferOne` fires once that run ended. With
 * `pauseOnFailure`, a FAILED latest run pauses the schedule instead. Then the schedule is written
 * with its next tick and due time.
 */
export async function advanceSchedule(
  deps: KernelDeps,
  tx: Persistence,
  schedule: ScheduleRecord,
  now: Date,
): Promise<AdvanceOutcome> {
  const next: ScheduleRecord = { ...schedule, recentRuns: [...schedule.recentRuns] };
  const cancel: string[] = [];
  let fired = 0;
  const skips = new SkippedTicks();

  const statuses = new Map<string, RunStatus | null>();
  const statusOf = async (workflowRunId: string): Promise<RunStatus | null> => {
    if (!statuses.has(workflowRunId)) {
      statuses.set(workflowRunId, (await tx.getRun(workflowRunId))?.status ?? null);
    }
    return statuses.get(workflowRunId) ?? null;
  };
  const activeRuns = async (): Promise<string[]> => {
    const active: string[] = [];
    for (const ref of next.recentRuns) {
      const status = await statusOf(ref.workflowRunId);
      if (status !== null && ACTIVE.has(status)) active.push(ref.workflowRunId);
    }
    return active;
  };
  const fire = async (tick: Date, reason: "tick"): Promise<boolean> => {
    const scheduledFor = tick.toISOString();
    const outcome = await startScheduledRun(deps, tx, next, {
      key: tickIdempotencyKey(next.id, scheduledFor),
      scheduledFor,
      reason,
      now,
    });
    if (outcome.status === "fired") {
      statuses.set(outcome.workflowRunId, "PENDING");
      next.recentRuns = withRecentRun(next.recentRuns, outcome.workflowRunId, scheduledFor);
      next.lastFiredAt = tick;
      fired += 1;
      return true;
    }
    if (outcome.status === "invalid") {
      next.lastError = `tick ${scheduledFor} skipped: ${outcome.error}`;
      skips.add("invalid", tick, outcome.error);
    } else {
      skips.add("exists", tick);
    }
    return false;
  };

  const latest = next.recentRuns[0];
  if (
    next.pauseOnFailure &&
    latest !== undefined &&
    latest.pausedSchedule === undefined &&
    (await statusOf(latest.workflowRunId)) === "FAILED"
  ) {
    // Marked, so that after an unpause the same failure does not pause the schedule again.
    next.recentRuns[0] = { ...latest, pausedSchedule: true };
    next.paused = true;
    next.lastError = `paused: run ${latest.workflowRunId} of tick ${latest.tick} failed`;
    await saveSchedule(tx, next, now);
    return { fired, skipped: 0, cancel };
  }

  if (next.bufferedTick !== null && (await activeRuns()).length === 0) {
    const tick = next.bufferedTick;
    next.bufferedTick = null;
    await fire(tick, "tick");
  }

  const spec = parseCron(next.cron, next.timezone);
  let looked = 0;
  while (
    next.nextFireAt !== null &&
    (dueAtOf(next, next.nextFireAt)?.getTime() ?? Number.POSITIVE_INFINITY) <= now.getTime() &&
    looked < MAX_TICKS_PER_SCHEDULE &&
    fired < MAX_FIRES_PER_SCHEDULE
  ) {
    const tick = next.nextFireAt;
    looked += 1;
    if (now.getTime() - tick.getTime() > next.catchupWindowMs) {
      skips.add("missed", tick);
    } else if (next.overlap === "allow") {
      await fire(tick, "tick");
    } else {
      const active = await activeRuns();
      if (active.length === 0) {
        await fire(tick, "tick");
      } else if (next.overlap === "cancelPrevious") {
        if (await fire(tick, "tick")) {
          for (const id of active) statuses.set(id, "CANCELLED");
          cancel.push(...active.filter((id) => !cancel.includes(id)));
        }
      } else if (next.overlap === "bufferOne" && next.bufferedTick === null) {
        next.bufferedTick = tick;
      } else {
        skips.add("overlap", tick);
      }
    }
    next.nextFireAt = nextTick(spec, tick, next);
  }

  next.firedCount += fired;
  next.skippedCount += skips.total - skips.count("missed");
  next.missedCount += skips.count("missed");
  await saveSchedule(tx, next, now);
  const events = skips.events(next, now);
  if (events.length > 0) await tx.appendOutboxEvents(events);
  return { fired, skipped: skips.total, cancel };
}
