import { describe, expect, it } from "vitest";
import { mapOpenAIBatchStatus, toProviderBatchStatus } from "./openai-batch-status";

describe("mapOpenAIBatchStatus", () => {
  it.each([
    ["validating", undefined, "pending"],
    ["in_progress", undefined, "processing"],
    ["finalizing", undefined, "processing"],
    ["cancelling", undefined, "processing"],
    ["completed", "file-1", "completed"],
    ["expired", "file-1", "completed"],
    ["cancelled", "file-1", "completed"],
    ["expired", undefined, "failed"],
    ["cancelled", null, "failed"],
    ["failed", undefined, "failed"],
    ["something_new", undefined, "processing"],
  ] as const)("%s (output %s) → %s", (status, output_file_id, expected) => {
    expect(mapOpenAIBatchStatus({ id: "b", status, output_file_id })).toBe(expected);
  });

  it("derives processing from the counts", () => {
    const batch = {
      id: "b",
      status: "in_progress",
      request_counts: { total: 5, completed: 2, failed: 1 },
    };
    expect(toProviderBatchStatus(batch)).toEqual({
      status: "processing",
      counts: { total: 5, succeeded: 2, failed: 1, processing: 2 },
      providerStatus: "in_progress",
    });
  });
});
