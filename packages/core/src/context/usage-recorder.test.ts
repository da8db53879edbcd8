import { describe, expect, it } from "vitest";
import { createUsageRecorder } from "./usage-recorder";

describe("createUsageRecorder", () => {
  it("starts at zero", () => {
    expect(createUsageRecorder().totals()).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
      cost: 0,
      calls: 0,
    });
  });

  it("sums tokens, cost and calls across records", () => {
    const usage = createUsageRecorder();
    usage.record({ model: "a", provider: "p", inputTokens: 100, outputTokens: 20, cost: 0.5 });
    usage.record({ model: "b", inputTokens: 10, outputTokens: 5, cost: 0.25, batch: true });
    expect(usage.totals()).toEqual({
      inputTokens: 110,
      outputTokens: 25,
      totalTokens: 135,
      cost: 0.75,
      calls: 2,
    });
  });

  it("returns frozen snapshots that later records do not change", () => {
    const usage = createUsageRecorder();
    const before = usage.totals();
    usage.record({ model: "a", inputTokens: 1, outputTokens: 1, cost: 0 });
    expect(before.calls).toBe(0);
    expect(Object.isFrozen(before)).toBe(true);
  });

  it("keeps recorders independent", () => {
    const a = createUsageRecorder();
    const b = createUsageRecorder();
    a.record({ model: "a", inputTokens: 1, outputTokens: 2, cost: 3 });
    expect(b.totals().calls).toBe(0);
  });

  it.each([
    ["negative tokens", { inputTokens: -1, outputTokens: 0, cost: 0 }],
    ["NaN cost", { inputTokens: 0, outputTokens: 0, cost: Number.NaN }],
    ["infinite output", { inputTokens: 0, outputTokens: Number.POSITIVE_INFINITY, cost: 0 }],
  ])("rejects %s without changing the totals", (_label, numbers) => {
    const usage = createUsageRecorder();
    expect(() => usage.record({ model: "a", ...numbers })).toThrow(RangeError);
    expect(usage.totals().calls).toBe(0);
  });
});
