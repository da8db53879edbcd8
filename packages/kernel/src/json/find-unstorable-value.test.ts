import { describe, expect, it } from "vitest";
import { findUnstorableValue, formatPath, textProblem } from "./find-unstorable-value";

describe("findUnstorableValue", () => {
  it("accepts plain text, emoji (surrogate pairs) and non-string values", () => {
    expect(findUnstorableValue({ a: ["ok", "🚀 ünï", 1, null, true], b: new Date(0) })).toBe(
      undefined,
    );
  });

  it("finds U+0000 and lone surrogates in strings and keys, with their path", () => {
    expect(findUnstorableValue({ a: [1, "x\u0000"] })).toEqual({
      path: ["a", 1],
      problem: expect.stringContaining("U+0000"),
    });
    expect(findUnstorableValue({ ok: 1, "k\uD800": 1 })?.path).toEqual(["k\uD800"]);
    expect(findUnstorableValue(["\uDC00"])?.problem).toContain("lone UTF-16 surrogate (U+DC00)");
    expect(textProblem("\uD83D")).toContain("U+D83D");
  });

  it("reports the first offending entry in order", () => {
    expect(findUnstorableValue({ a: "\u0000", b: "\u0000" })?.path).toEqual(["a"]);
  });

  it("caps the depth without overflowing the stack", () => {
    let deep: unknown = "leaf";
    for (let level = 0; level < 100_000; level++) deep = { a: deep };
    expect(findUnstorableValue(deep, { maxDepth: 64 })?.problem).toBe(
      "is nested deeper than 64 levels",
    );
    expect(findUnstorableValue(deep)).toBe(undefined);
  });

  it("formats paths with escaped non-identifier keys", () => {
    expect(formatPath("metadata", ["a", 2, "b c", "\u0000"])).toBe(
      'metadata.a[2]["b c"]["\\u0000"]',
    );
  });
});
