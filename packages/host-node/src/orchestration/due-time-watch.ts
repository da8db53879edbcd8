import type { Clock, JobTransport } from "@stageflow/kernel";
import type { LoopStepResult } from "../loop/create-loop";

/** What {@link createDueTimeWatch} needs. */
export interface DueTimeWatchContext {
  readonly transport: JobTransport;
  readonly clock: Clock;
  /** The longest sleep (the orchestration interval: the tick is the safety net). */
  readonly maxSleepMs: number;
  /** Called when the earliest known due time arrives (poll suspended stages, dequeue jobs). */
  readonly onDue: () => void;
}

/** A loop step that arms one timer for the next due time, and the way to disarm it. */
export interface DueTimeWatch {
  /**
   * Records that due work is being handled now (a tick's poll starts): later queries look for
   * what falls due after this time, so nothing that fell due meanwhile is missed.
   */
  markPolled(): void;
  /** Asks the transport for the next due time and (re)arms the timer; "idle" always. */
  readonly step: () => Promise<LoopStepResult>;
  /** Clears the timer (on stop). */
  clear(): void;
}

/**
 * Sleeps until the earliest due time the database knows of — a retry's backoff, a delayed job, a
 * suspended stage's `nextPollAt` (`JobTransport.nextDueAt`, after the last poll, so work that
 * fell due meanwhile fires at once) — then calls `onDue`, so due work starts on time instead of
 * at the next tick. Without `nextDueAt` the step does nothing.
 */
export function createDueTimeWatch(context: DueTimeWatchContext): DueTimeWatch {
  const { transport, clock, maxSleepMs, onDue } = context;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let polledAt = clock.now();
  const clear = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return {
    clear,
    markPolled() {
      polledAt = clock.now();
    },
    async step() {
      if (transport.nextDueAt === undefined) return "idle";
      const next = await transport.nextDueAt({ after: polledAt });
      const now = clock.now();
      clear();
      if (next === null) return "idle";
      const delay = Math.min(Math.max(0, next.getTime() - now.getTime()), maxSleepMs);
      timer = setTimeout(() => {
        timer = undefined;
        onDue();
      }, delay);
      return "idle";
    },
  };
}
