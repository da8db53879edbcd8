import type { Clock } from "@stageflow/kernel";

/** The longest delay `setTimeout` honours (a longer one fires at once). */
const MAX_DELAY_MS = 2_147_483_647;

/** A one-shot wake-up at the earliest of the times asked for. */
export interface DueTimer {
  /** Asks for a call at `time` (kept only when earlier than the one already pending). */
  at(time: Date): void;
  /** Cancels the pending call; later `at` calls are ignored. */
  stop(): void;
}

/**
 * Creates a {@link DueTimer} that calls `onDue` once the earliest asked-for time has come (by
 * `clock`); the timer does not keep the process alive.
 *
 * @example
 * ```ts
 * const retry = createDueTimer(() => flushLoop.kick(), systemClock);
 * retry.at(result.nextFlushAt);
 * ```
 */
export function createDueTimer(onDue: () => void, clock: Clock): DueTimer {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dueAt: number | null = null;
  let stopped = false;
  return {
    at(time) {
      const ms = time.getTime();
      if (stopped || Number.isNaN(ms) || (dueAt !== null && dueAt <= ms)) return;
      if (timer !== undefined) clearTimeout(timer);
      dueAt = ms;
      const delay = Math.min(MAX_DELAY_MS, Math.max(0, ms - clock.now().getTime()));
      timer = setTimeout(() => {
        timer = undefined;
        dueAt = null;
        onDue();
      }, delay);
      timer.unref?.();
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      dueAt = null;
    },
  };
}
