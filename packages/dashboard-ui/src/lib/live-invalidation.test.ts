import { describe, expect, it } from "vitest";
import { keysToInvalidate, parseStreamMessage } from "./live-invalidation";

describe("live invalidation", () => {
  it("parses stream messages and rejects anything else", () => {
    expect(
      parseStreamMessage('{"workflowRunId":"r1","type":"stage:started","stageId":"a"}'),
    ).toEqual({
      workflowRunId: "r1",
      type: "stage:started",
      stageId: "a",
    });
    expect(parseStreamMessage("not json")).toBeNull();
    expect(parseStreamMessage('{"type":"x"}')).toBeNull();
    expect(parseStreamMessage("[1]")).toBeNull();
  });

  it("refetches the lists once and every run concerned", () => {
    expect(keysToInvalidate([])).toEqual([]);
    const keys = keysToInvalidate([
      { workflowRunId: "r1", type: "stage:started" },
      { workflowRunId: "r2", type: "workflow:created" },
      { workflowRunId: "r1", type: "stage:completed" },
    ]);
    expect(keys).toEqual([["runs"], ["count"], ["dlq"], ["costs"], ["run", "r1"], ["run", "r2"]]);
  });
});
