import { describe, expect, it } from "vitest";
import { batchRequestCounts } from "./batch-counts";

describe("batchRequestCounts", () => {
  it("reads a count and counts by state at the top of the state", () => {
    expect(
      batchRequestCounts({
        batchId: "b",
        requestCount: 10,
        requestCounts: { processing: 4, succeeded: 6, note: "x" },
      }),
    ).toEqual([
      ["requests", 10],
      ["processing", 4],
      ["succeeded", 6],
    ]);
  });

  it("finds the counts the AI helper and apps keep under metadata", () => {
    expect(batchRequestCounts({ metadata: { requests: 3 } })).toEqual([["requests", 3]]);
    expect(
      batchRequestCounts({ metadata: { aiBatch: { requestCount: 25, model: "m", schemas: {} } } }),
    ).toEqual([["requests", 25]]);
  });

  it("returns nothing for states without counts", () => {
    expect(batchRequestCounts(null)).toEqual([]);
    expect(
      batchRequestCounts({ batchId: "x", pollInterval: 1000, other: { requests: 3 } }),
    ).toEqual([]);
    expect(batchRequestCounts({ requests: ["a", "b"] })).toEqual([]);
  });
});
