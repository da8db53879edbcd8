import { describe, expect, it } from "vitest";
import {
  batchDisplayName,
  mapGoogleBatchStatus,
  toProviderBatchStatus,
} from "./google-batch-status";

describe("mapGoogleBatchStatus", () => {
  it.each([
    ["JOB_STATE_PENDING", "pending"],
    ["JOB_STATE_QUEUED", "pending"],
    ["JOB_STATE_RUNNING", "processing"],
    ["JOB_STATE_CANCELLING", "processing"],
    ["JOB_STATE_SUCCEEDED", "completed"],
    ["JOB_STATE_PARTIALLY_SUCCEEDED", "completed"],
    ["JOB_STATE_FAILED", "failed"],
    ["JOB_STATE_CANCELLED", "failed"],
    ["JOB_STATE_EXPIRED", "failed"],
    ["JOB_STATE_SOMETHING_NEW", "processing"],
  ])("%s → %s", (state, expected) => {
    expect(mapGoogleBatchStatus({ state })).toBe(expected);
  });

  it("counts from inlined responses and the display name", () => {
    const running = { state: "JOB_STATE_RUNNING", displayName: batchDisplayName(3) };
    expect(toProviderBatchStatus(running).counts).toEqual({
      total: 3,
      succeeded: 0,
      failed: 0,
      processing: 3,
    });
    const done = {
      state: "JOB_STATE_SUCCEEDED",
      displayName: batchDisplayName(3),
      dest: { inlinedResponses: [{ response: {} }, { error: { message: "x" } }, { response: {} }] },
    };
    expect(toProviderBatchStatus(done).counts).toEqual({
      total: 3,
      succeeded: 2,
      failed: 1,
      processing: 0,
    });
    const cancelled = { state: "JOB_STATE_CANCELLED", displayName: batchDisplayName(2) };
    expect(toProviderBatchStatus(cancelled).counts).toEqual({
      total: 2,
      succeeded: 0,
      failed: 2,
      processing: 0,
    });
  });
});
