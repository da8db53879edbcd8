import { describe, expect, it } from "vitest";
import { prefixUpperBound } from "./prefix-range";

describe("prefixUpperBound", () => {
  it("bounds every string with the prefix and nothing else", () => {
    const upper = prefixUpperBound("runs/r1/") ?? "";
    expect(upper).toBe("runs/r10");
    for (const inside of ["runs/r1/", "runs/r1/a", "runs/r1/\u{10ffff}"])
      expect(inside < upper).toBe(true);
    expect("runs/r10" < upper).toBe(false);
  });

  it("handles the empty prefix, the last code point and the surrogate gap", () => {
    expect(prefixUpperBound("")).toBeNull();
    expect(prefixUpperBound("\u{10ffff}")).toBeNull();
    expect(prefixUpperBound("a\u{10ffff}")).toBe("b");
    expect(prefixUpperBound("\ud7ff")).toBe("\ue000");
    expect(prefixUpperBound("🚀")).toBe(String.fromCodePoint(0x1f681));
  });
});
