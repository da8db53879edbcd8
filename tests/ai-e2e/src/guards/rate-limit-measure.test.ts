/**
 * The rate-limit measure as a test, on SQLite (one file shared by the processes) and Postgres:
 * four worker processes, one limit of 3 requests per one-second window, 15 runs of one call.
 * Counted at the fake: every call made once, never more than 3 in a window; no failed attempt.
 */
import { afterEach, describe, expect, it } from "vitest";
import { GUARD_DATABASES } from "./guard-databases";
import { measureRateLimit } from "./rate-limit-measure";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(GUARD_DATABASES)("four workers under one rate limit on $dialect", ({ open }) => {
  it("never lets more calls than the limit into a window", { timeout: 180_000 }, async () => {
    const database = await open();
    cleanups.push(() => database.cleanup());
    const measure = await measureRateLimit({
      databaseUrl: database.url,
      workers: 4,
      runs: 15,
      limit: 3,
      windowMs: 1_000,
    });
    expect(measure.completed).toBe(15);
    expect(measure.calls).toBe(15);
    expect(measure.maxCallsPerWindow).toBeLessThanOrEqual(3);
    expect(measure.windows).toBeGreaterThanOrEqual(5); // 15 calls at 3 per window
    expect(measure.deferrals).toBeGreaterThan(0);
    expect(measure.extraAttempts).toBe(0);
  });
});
