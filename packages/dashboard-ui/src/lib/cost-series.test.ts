import { describe, expect, it } from "vitest";
import { costSeries } from "./cost-series";

const row = (day: string, workflowId: string, cost: number, tokens = 10) => ({
  day,
  workflowId,
  cost,
  inputTokens: tokens,
  outputTokens: 0,
});

describe("costSeries", () => {
  it("fills every day of the range and orders workflows by total cost", () => {
    const data = costSeries(
      [
        row("2026-01-02", "a", 1),
        row("2026-01-02", "b", 5),
        row("2026-01-04", "a", 2, 7),
        row("2025-12-31", "a", 99),
      ],
      "2026-01-01",
      "2026-01-04",
    );
    expect(data.days).toEqual(["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"]);
    expect(data.xs[0]).toBe(Date.UTC(2026, 0, 1) / 1000);
    expect(data.series).toEqual([
      { workflowId: "b", cost: [0, 5, 0, 0], tokens: [0, 10, 0, 0] },
      { workflowId: "a", cost: [0, 1, 0, 2], tokens: [0, 10, 0, 7] },
    ]);
  });

  it("handles an empty or inverted range", () => {
    expect(costSeries([row("2026-01-01", "a", 1)], "2026-01-05", "2026-01-01")).toEqual({
      days: [],
      xs: [],
      series: [],
    });
    expect(costSeries([], "bad", "2026-01-01").days).toEqual([]);
  });
});
