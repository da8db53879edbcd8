import { describe, expect, it } from "vitest";
import { UnknownModelError } from "../errors/unknown-model-error";
import { BATCH_DISCOUNT, computeCost, roundUsd } from "./compute-cost";
import { getModel } from "./model-registry";

describe("computeCost", () => {
  it("prices input and output tokens per million, exactly", () => {
    const usage = { inputTokens: 1000, outputTokens: 500 };
    expect(computeCost(getModel("claude-sonnet-4-5"), usage)).toBe(0.0105);
    expect(computeCost("claude-sonnet-5-5", usage)).toBe(0.007);
    expect(computeCost("gpt-4o-mini", { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBe(
      0.75,
    );
    expect(computeCost("gpt-4o", { inputTokens: 123_456, outputTokens: 7_890 })).toBe(0.38754);
    expect(computeCost("gemini-2.5-flash", { inputTokens: 3, outputTokens: 7 })).toBe(0.0000184);
  });

  it("halves the price for batches", () => {
    expect(BATCH_DISCOUNT).toBe(0.5);
    const usage = { inputTokens: 1000, outputTokens: 500 };
    expect(computeCost("claude-sonnet-4-5", usage, { batch: true })).toBe(0.00525);
    expect(
      computeCost("gpt-4.1", { inputTokens: 10_000, outputTokens: 10_000 }, { batch: true }),
    ).toBe(0.05);
  });

  it("prices embeddings on input only", () => {
    expect(computeCost("text-embedding-3-small", { inputTokens: 1_000_000 })).toBe(0.02);
    expect(computeCost("text-embedding-3-large", { inputTokens: 500, outputTokens: 99 })).toBe(
      0.000065,
    );
  });

  it("costs nothing on the offline models", () => {
    expect(computeCost("offline-text", { inputTokens: 1e6, outputTokens: 1e6 })).toBe(0);
    expect(computeCost("offline-embed", { inputTokens: 1e6 })).toBe(0);
  });

  it("rejects an unknown model id", () => {
    expect(() => computeCost("gpt-99", { inputTokens: 1 })).toThrow(UnknownModelError);
  });

  it("rounds to 1e-10 USD", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(roundUsd(0.1 + 0.2)).toBe(0.3);
  });
});
