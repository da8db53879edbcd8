import { describe, expect, it } from "vitest";
import { hashedEmbedding } from "./hashed-embedding";

const cosine = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + v * (b[i] ?? 0), 0);

describe("hashedEmbedding", () => {
  it("returns deterministic L2-normalized vectors of the requested size", () => {
    const v = hashedEmbedding("durable workflows for AI pipelines");
    expect(v).toHaveLength(256);
    expect(Math.hypot(...v)).toBeCloseTo(1, 12);
    expect(hashedEmbedding("durable workflows for AI pipelines")).toEqual(v);
    expect(hashedEmbedding("x y", 8)).toHaveLength(8);
  });

  it("makes texts sharing words more similar than unrelated texts", () => {
    const a = hashedEmbedding("durable workflows resume after crashes");
    const b = hashedEmbedding("workflows resume durable after a crash");
    const c = hashedEmbedding("pasta recipes with tomatoes and basil");
    expect(cosine(a, b)).toBeGreaterThan(0.5);
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, c));
    expect(cosine(a, a)).toBeCloseTo(1, 12);
  });

  it("gives a zero vector for a text without words and rejects bad sizes", () => {
    expect(hashedEmbedding("  ...  ", 4)).toEqual([0, 0, 0, 0]);
    expect(() => hashedEmbedding("x", 0)).toThrow(RangeError);
  });
});
