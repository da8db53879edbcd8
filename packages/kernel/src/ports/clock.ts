/** The kernel's only source of time, so tests can drive it (`FakeClock` in `@stageflow/testing`). */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };
