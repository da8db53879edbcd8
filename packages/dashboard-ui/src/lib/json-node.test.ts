import { describe, expect, it } from "vitest";
import { formatBytes, jsonNode } from "./json-node";

describe("jsonNode", () => {
  it("prints leaves as JSON literals", () => {
    expect(jsonNode('a "quoted"\nline')).toEqual({
      kind: "string",
      text: '"a \\"quoted\\"\\nline"',
    });
    expect(jsonNode(1.5)).toEqual({ kind: "number", text: "1.5" });
    expect(jsonNode(Number.NaN)).toEqual({ kind: "number", text: "null" });
    expect(jsonNode(false)).toEqual({ kind: "boolean", text: "false" });
    expect(jsonNode(null)).toEqual({ kind: "null", text: "null" });
    expect(jsonNode(undefined)).toEqual({ kind: "undefined", text: "undefined" });
  });

  it("summarizes containers and lists their entries", () => {
    expect(jsonNode({ a: 1, b: [2] })).toEqual({
      kind: "object",
      summary: "{2 keys}",
      entries: [
        ["a", 1],
        ["b", [2]],
      ],
      hidden: 0,
      cut: null,
    });
    expect(jsonNode(["x"])).toEqual({
      kind: "array",
      summary: "[1 item]",
      entries: [["0", "x"]],
      hidden: 0,
      cut: null,
    });
    expect(jsonNode({})).toMatchObject({ summary: "{0 keys}", entries: [] });
  });

  it("shows at most maxEntries entries and counts the rest", () => {
    const node = jsonNode(
      Array.from({ length: 7 }, (_, i) => i),
      3,
    );
    expect(node).toEqual({
      kind: "array",
      summary: "[7 items]",
      entries: [
        ["0", 0],
        ["1", 1],
        ["2", 2],
      ],
      hidden: 4,
      cut: null,
    });
    const object = jsonNode({ a: 1, b: 2, c: 3 }, 2);
    expect(object).toMatchObject({ hidden: 1 });
  });

  it("recognizes the server's cut markers and leaves them out of the entries", () => {
    const array = jsonNode([1, 2, "… 98 more items"]);
    expect(array).toMatchObject({ summary: "[2 items, cut]", cut: "… 98 more items", hidden: 0 });
    expect(array.kind === "array" && array.entries).toEqual([
      ["0", 1],
      ["1", 2],
    ]);
    const object = jsonNode({ a: 1, "…": "40 more keys" });
    expect(object).toMatchObject({
      summary: "{1 key, cut}",
      cut: "40 more keys",
      entries: [["a", 1]],
    });
    expect(jsonNode(["… not a marker"])).toMatchObject({ cut: null, summary: "[1 item]" });
    expect(jsonNode({ "…": 3 })).toMatchObject({ cut: null, entries: [["…", 3]] });
  });

  it("formats byte sizes", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(3 * 1024 * 1024)).toBe("3.0 MB");
  });
});
