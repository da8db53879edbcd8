import { describe, expect, it } from "vitest";
import { computeRetryDelay } from "./retry-delay";

describe("computeRetryDelay", () => {
  it("doubles from the initial delay and stops at the cap", () => {
    const backoff = { initialMs: 100, maxMs: 1_000 };
    expect([1, 2, 3, 4, 5, 50].map((n) => computeRetryDelay(n, backoff))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });
});
