/**
 * The time source a stage sees as `ctx.clock`: the kernel's clock, so a `FakeClock` in tests
 * drives stage code too (use `ctx.clock.now()` instead of `Date.now()` for `submittedAt`,
 * `nextPollAt` and other times a stage computes).
 */
export interface StageClock {
  /** The current time. */
  now(): Date;
}

/** The wall clock; the default of contexts built without a clock. */
export const systemStageClock: StageClock = Object.freeze({ now: () => new Date() });
