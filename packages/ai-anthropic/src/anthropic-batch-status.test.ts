import { describe, expect, it } from "vitest";
import { mapAnthropicBatchStatus, toProviderBatchStatus } from "./anthropic-batch-status";

const batch = (processing_status: string, counts: Partial<Record<string, number>> = {}) => ({
  id: "msgbatch_1",
  processing_status,
  results_url: null,
  request_counts: { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0, ...counts },
});

describe("mapAnthropicBatchStatus", () => {
  it.each([
    [batch("in_progress", { processing: 3 }), "pending"],
    [batch("in_progress", { processing: 2, errored: 1 }), "processing"],
    [batch("canceling", { processing: 3 }), "processing"],
    [batch("ended", { succeeded: 1, errored: 2 }), "completed"],
    [batch("ended", { errored: 1, canceled: 1, expired: 1 }), "failed"],
    [batch("something_new"), "processing"],
  ])("%o → %s", (input, expected) => {
    expect(mapAnthropicBatchStatus(input)).toBe(expected);
  });

  it("counts errored, canceled and expired as failed", () => {
    const input = batch("ended", { succeeded: 2, errored: 1, canceled: 1, expired: 1 });
    expect(toProviderBatchStatus(input)).toEqual({
      status: "completed",
      counts: { total: 5, succeeded: 2, failed: 3, processing: 0 },
      providerStatus: "ended",
    });
  });
});
