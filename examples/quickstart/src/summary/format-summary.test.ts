import { describe, expect, it } from "vitest";
import { formatTable, formatUsd } from "./format-summary";

describe("formatTable (cli-table3)", () => {
  it("aligns columns, right-aligns numbers and rules off the footer", () => {
    const table = formatTable(
      [{ title: "stage" }, { title: "tokens", align: "right" }],
      [
        ["extract", "0"],
        ["summarize", "1309"],
      ],
      ["total", "1309"],
    );
    expect(table.split("\n")).toEqual([
      " stage      tokens",
      " ─────────────────",
      " extract         0",
      " summarize    1309",
      " ─────────────────",
      " total        1309",
    ]);
    expect(formatUsd(0.00123456)).toBe("$0.0012");
  });
});
