/** Options of {@link createCoalescedKick}. */
export interface CoalescedKickOptions {
  /** Kicks the loop whose steps are coalesced. */
  readonly kick: () => void;
  /** True while the host is busy (jobs running): requests then wait for the window. */
  readonly busy: () => boolean;
  /** The longest a request waits while the host is busy, in milliseconds. */
  readonly windowMs: number;
}

/** Requests for one loop's step, coalesced while the host is busy. */
export interface CoalescedKick {
  /** Kicks at once when the host is idle; while busy, at most one kick per window. */
  request(): void;
  /** Cancels a pending kick. */
  stop(): void;
}

/**
 * Coalesces requests for a loop step (the outbox flush) under load: when the host is idle a
 * request kicks the loop at once, so latency stays that of one step; while jobs are running, the
 * loop is kicked at most once per `windowMs` (a request sooner after the last kick waits for the
 * window to end, and the requests meanwhile become that one kick), so one step serves the work of
 * many jobs. The timer does not hold the process open.
 */
export function createCoalescedKick(options: CoalescedKickOptions): CoalescedKick {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastKickAt = Number.NEGATIVE_INFINITY;
  const fire = (): void => {
    timer = undefined;
    lastKickAt = performance.now();
    options.kick();
  };
  return {
    request() {
      if (!options.busy()) {
        if (timer !== undefined) clearTimeout(timer);
        fire();
        return;
      }
      if (timer !== undefined) return;
      const wait = lastKickAt + options.windowMs - performance.now();
      if (wait <= 0) {
        fire();
        return;
      }
      timer = setTimeout(fire, wait);
      (timer as { unref?: () => void }).unref?.();
    },
    stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
