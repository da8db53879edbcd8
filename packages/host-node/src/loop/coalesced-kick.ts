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
 * request kicks the loop at once, so latency stays that of one step; while jobs are running,
 * requests within `windowMs` of the first one become a single kick at the end of the window, so
 * one step serves the work of many jobs. The timer does not hold the process open.
 */
export function createCoalescedKick(options: CoalescedKickOptions): CoalescedKick {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = (): void => {
    timer = undefined;
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
      timer = setTimeout(fire, options.windowMs);
      (timer as { unref?: () => void }).unref?.();
    },
    stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
