import { describe, expect, it } from "vitest";
import { formatCost, formatCount, formatDuration, formatTokens } from "./format";

describe("formats", () => {
  it("formats durations at every scale", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(12_345)).toBe("12.3 s");
    expect(formatDuration(245_000)).toBe("4 min 05 s");
    expect(formatDuration(3 * 3600_000 + 2 * 60_000)).toBe("3 h 02 min");
    expect(formatDuration(52 * 3600_000)).toBe("2 d 4 h");
  });

  it("formats costs and counts", () => {
    expect(formatCost(0)).toBe("$0");
    expect(formatCost(0.0042)).toBe("$0.0042");
    expect(formatCost(1.25)).toBe("$1.25");
    expect(formatCost(2)).toBe("$2");
    expect(formatCost(1234.5)).toBe("$1234.5");
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatTokens(1234567)).toBe("1234567");
    expect(formatTokens(null)).toBe("—");
  });
});
