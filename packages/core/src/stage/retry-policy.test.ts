import { describe, expect, it } from "vitest";
import { computeBackoffDelay, DEFAULT_RETRY_POLICY, resolveRetryPolicy } from "./retry-policy";

describe("retry policy", () => {
  it("defaults to 3 attempts, 1 s initial delay, x2, capped at 60 s", () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      maxAttempts: 3,
      backoff: { initialDelayMs: 1000, multiplier: 2, maxDelayMs: 60_000 },
    });
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY.backoff)).toBe(true);
  });

  it("fills unset fields from the default", () => {
    expect(resolveRetryPolicy({})).toEqual(DEFAULT_RETRY_POLICY);
    expect(resolveRetryPolicy({ retry: { maxAttempts: 5, backoff: { multiplier: 3 } } })).toEqual({
      maxAttempts: 5,
      backoff: { initialDelayMs: 1000, multiplier: 3, maxDelayMs: 60_000 },
    });
  });

  it("grows the delay exponentially from the first failed attempt", () => {
    const delays = [1, 2, 3, 4, 5].map((attempt) =>
      computeBackoffDelay(DEFAULT_RETRY_POLICY, attempt),
    );
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it("caps the delay at maxDelayMs", () => {
    expect(computeBackoffDelay(DEFAULT_RETRY_POLICY, 7)).toBe(60_000);
    expect(computeBackoffDelay(DEFAULT_RETRY_POLICY, 50)).toBe(60_000);
    const policy = { backoff: { initialDelayMs: 100, multiplier: 10, maxDelayMs: 5000 } };
    expect([1, 2, 3].map((a) => computeBackoffDelay(policy, a))).toEqual([100, 1000, 5000]);
  });

  it("keeps a constant delay with multiplier 1 and treats attempt < 1 as the first", () => {
    const policy = { backoff: { initialDelayMs: 250, multiplier: 1 } };
    expect([1, 2, 9].map((a) => computeBackoffDelay(policy, a))).toEqual([250, 250, 250]);
    expect(computeBackoffDelay(DEFAULT_RETRY_POLICY, 0)).toBe(1000);
  });
});
