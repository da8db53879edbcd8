import {
  type Clock,
  isStageflowError,
  type Kernel,
  type ScheduleDefinition,
  syncSchedules,
} from "@stageflow/kernel";
import { createLoop, type Loop, type LoopStepResult } from "../loop/create-loop";
import type { HostLogger } from "../loop/host-logger";
import type { RetryBackoff } from "../loop/retry-delay";
import type { HostCounters } from "../stats/node-host-stats";

/** When a tick handled nothing although a schedule looked due (another worker holds it), retry after this. */
const BUSY_RETRY_MS = 100;

/** What {@link createScheduleLoop} needs. */
export interface ScheduleLoopContext {
  readonly kernel: Kernel;
  readonly clock: Clock;
  /** Schedules declared in code, upserted before the first tick. */
  readonly schedules: readonly ScheduleDefinition[];
  /** The safety net: a tick runs at least this often (ms), whatever the timer says. */
  readonly intervalMs: number;
  readonly maxSchedulesPerTick: number;
  readonly counters: HostCounters;
  readonly backoff: RetryBackoff;
  readonly logger: HostLogger;
  readonly onFailure: () => void;
}

/** The host's schedule loop: `schedule.tick` at each schedule's due time. */
export interface ScheduleLoop {
  /**
   * Upserts the declared schedules once (`syncSchedules`). A definition the kernel refuses rejects
   * (a programming error: `start()` fails); any other failure (the database is down) is logged and
   * retried before the loop's next tick.
   */
  sync(): Promise<void>;
  readonly loop: Loop;
  /** Clears the timer to the next due time. */
  clearTimer(): void;
}

/**
 * Creates the loop that fires due schedules: after each `schedule.tick` a timer is set to the
 * earliest due time the kernel reports (`nextDueAt`), so a tick runs when the schedule is due, not
 * at the next orchestration tick; the loop's interval is only the safety net for schedules that
 * other processes created. Concurrent hosts tick the same schedules; the kernel lets one of them
 * fire each tick.
 */
export function createScheduleLoop(context: ScheduleLoopContext): ScheduleLoop {
  const { kernel, clock, counters, logger } = context;
  let synced = context.schedules.length === 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const clearTimer = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const sync = async (): Promise<void> => {
    if (synced) return;
    await syncSchedules({ kernel }, context.schedules, { prune: false });
    synced = true;
    logger.info({ schedules: context.schedules.length }, "declared schedules synced");
  };
  const step = async (): Promise<LoopStepResult> => {
    await sync();
    const result = await kernel.dispatch({
      type: "schedule.tick",
      maxSchedules: context.maxSchedulesPerTick,
    });
    counters.schedulesFired += result.fired;
    counters.scheduleTicksSkipped += result.skipped;
    if (result.fired > 0) logger.debug({ fired: result.fired }, "schedules fired");
    clearTimer();
    if (result.nextDueAt === null) return "idle";
    const delay = result.nextDueAt.getTime() - clock.now().getTime();
    const handled = result.fired + result.skipped > 0;
    if (delay <= 0 && handled) return "again";
    const wait = Math.min(context.intervalMs, delay <= 0 ? BUSY_RETRY_MS : delay);
    timer = setTimeout(() => {
      timer = undefined;
      loop.kick();
    }, wait);
    return "idle";
  };
  const loop = createLoop({
    name: "schedule tick",
    intervalMs: context.intervalMs,
    step,
    backoff: context.backoff,
    logger,
    onFailure: context.onFailure,
  });
  return {
    async sync() {
      try {
        await sync();
      } catch (error) {
        if (isStageflowError(error) && !error.retryable) throw error;
        logger.warn(
          { err: error },
          "syncing declared schedules failed; retrying before the next tick",
        );
      }
    },
    loop,
    clearTimer,
  };
}
