import { describe, expect, it } from "vitest";
import { estimateCallCost } from "../budget/estimate-call-cost";
import { estimateInputTokens } from "../limits/estimate-input-tokens";
import { getModel } from "../models/model-registry";
import { canonicalJson, memoKey } from "./memo-key";

describe("memoKey", () => {
  it("hashes content independently of key order and undefined members", async () => {
    const a = await memoKey({ model: "m", prompt: "p", nested: { b: 1, a: [2, { d: 1, c: 0 }] } });
    const b = await memoKey({
      nested: { a: [2, { c: 0, d: 1 }], b: 1 },
      prompt: "p",
      model: "m",
      x: undefined,
    });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await memoKey({ model: "m", prompt: "q" })).not.toBe(
      await memoKey({ model: "m", prompt: "p" }),
    );
    expect(canonicalJson({ b: 1, a: undefined, c: [3] })).toBe('{"b":1,"c":[3]}');
  });
});

describe("estimates", () => {
  it("count a token per four characters and maxTokens (default 4 096) at the output price", () => {
    expect(estimateInputTokens(["abcd", "e", undefined])).toBe(2);
    const model = getModel("gpt-4o-mini"); // $0.15 / $0.60 per million
    expect(estimateCallCost(model, 1_000, 500)).toBeCloseTo(0.00015 + 0.0003, 12);
    expect(estimateCallCost(model, 0, undefined)).toBeCloseTo(4_096 * 0.6e-6, 12);
    expect(estimateCallCost(getModel("text-embedding-3-small"), 1_000, 500)).toBeCloseTo(
      0.00002,
      12,
    );
  });
});
