import type { Clock } from "@stageflow/kernel";

/** Anything a `FakeClock` accepts as a point in time. */
export type FakeClockTime = Date | string | number;

/**
 * A `Clock` that moves only when told to, so tests of retries, backoff, suspended stages and
 * leases are deterministic. It starts at {@link FakeClock.DEFAULT_START} unless given a time.
 *
 * @example
 * ```ts
 * const clock = new FakeClock();
 * clock.advance(60_000); // one minute later
 * clock.set("2030-01-01T00:00:00Z");
 * ```
 */
export class FakeClock implements Clock {
  /** The default start: 2025-01-01T00:00:00.000Z. */
  static readonly DEFAULT_START: string = "2025-01-01T00:00:00.000Z";

  #ms: number;

  /** @param start - the initial time (a `Date`, an ISO string or epoch milliseconds). */
  constructor(start: FakeClockTime = FakeClock.DEFAULT_START) {
    this.#ms = toMs(start);
  }

  /** The current fake time, as a new `Date` each call. */
  now(): Date {
    return new Date(this.#ms);
  }

  /**
   * Moves time forward by `ms` milliseconds and returns the new time.
   * @throws RangeError when `ms` is negative or not finite.
   */
  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(
        `FakeClock.advance needs a finite, non-negative number of ms, got ${ms}.`,
      );
    }
    this.#ms += ms;
    return this.now();
  }

  /** Jumps to `time` (forward or backward) and returns it. */
  set(time: FakeClockTime): Date {
    this.#ms = toMs(time);
    return this.now();
  }
}

function toMs(time: FakeClockTime): number {
  const ms = time instanceof Date ? time.getTime() : new Date(time).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`FakeClock got an invalid time: ${String(time)}.`);
  return ms;
}
