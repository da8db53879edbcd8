import { describe, expect, it } from "vitest";
import { metadataPairs } from "./metadata-text";

describe("metadataPairs", () => {
  it("prints scalars as key=value and containers as placeholders", () => {
    expect(metadataPairs({ team: "a", tier: 2, ok: true, none: null }, 4)).toEqual([
      "team=a",
      "tier=2",
      "ok=true",
      "none=null",
    ]);
    expect(metadataPairs({ tags: ["x"], nested: { a: 1 } })).toEqual(["tags=[…]", "nested={…}"]);
  });

  it("cuts long values and counts the pairs left out", () => {
    expect(metadataPairs({ a: 1, b: 2, c: 3, d: 4, e: 5 })).toEqual(["a=1", "b=2", "c=3", "+2"]);
    expect(metadataPairs({ long: "x".repeat(50) })).toEqual([`long=${"x".repeat(39)}…`]);
    expect(metadataPairs(null)).toEqual([]);
  });
});
