import { describe, expect, it } from "vitest";
import { jsonBytes, jsonPreview } from "./json-preview";

describe("jsonPreview", () => {
  it("keeps a value that fits, with its UTF-8 size", () => {
    expect(jsonPreview({ a: "é" })).toEqual({ value: { a: "é" }, truncated: false, bytes: 10 });
    expect(jsonPreview(undefined)).toEqual({ value: null, truncated: false, bytes: 0 });
    expect(jsonPreview(null)).toEqual({ value: null, truncated: false, bytes: 4 });
  });

  it("cuts long strings, long arrays and wide objects with markers, to about the limit", () => {
    const text = jsonPreview({ text: "y".repeat(10_000) }, 2048);
    expect(text.truncated).toBe(true);
    expect((text.value as { text: string }).text).toMatch(
      /^y{2000,2048}… \(\d+ more characters\)$/,
    );
    const list = Array.from({ length: 5000 }, (_, i) => ({ i, name: `item ${i}` }));
    const items = jsonPreview(list, 8 * 1024);
    expect(items.bytes).toBe(jsonBytes(list));
    const cutList = items.value as unknown[];
    expect(cutList.length).toBeLessThan(1000);
    expect(cutList.at(-1)).toBe(`… ${5001 - cutList.length} more items`);
    expect(jsonBytes(cutList)).toBeLessThan(10 * 1024);
    const wide = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i]));
    const keys = jsonPreview(wide, 4096).value as Record<string, unknown>;
    const kept = Object.keys(keys).length - 1;
    expect(keys["…"]).toBe(`${3000 - kept} more keys`);
    expect(jsonBytes(keys)).toBeLessThan(6 * 1024);
  });

  it("stops at a depth limit", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 100; i++) deep = [deep];
    const preview = jsonPreview({ deep, pad: "z".repeat(70_000) });
    expect(preview.truncated).toBe(true);
    expect(JSON.stringify(preview.value)).toContain("nested too deep");
  });
});
