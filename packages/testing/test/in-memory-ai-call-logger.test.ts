import { describe, expect, it } from "vitest";
import { type AICallRecordLike, InMemoryAICallLogger } from "../src";

const call = (overrides: Partial<AICallRecordLike>): AICallRecordLike => ({
  topic: "docs.summarize",
  status: "succeeded",
  inputTokens: 10,
  outputTokens: 5,
  cost: 0.25,
  ...overrides,
});

describe("InMemoryAICallLogger", () => {
  it("keeps copies of the records in order and filters them by run", () => {
    const log = new InMemoryAICallLogger();
    const first = call({ workflowRunId: "r1", stageId: "s" });
    log.logCall(first);
    log.logCall(call({ workflowRunId: "r2" }));
    first.cost = 99;
    expect(log.records.map((r) => [r.workflowRunId, r.cost])).toEqual([
      ["r1", 0.25],
      ["r2", 0.25],
    ]);
    expect(log.forRun("r1")).toHaveLength(1);
    log.clear();
    expect(log.records).toEqual([]);
  });

  it("sums calls, failures, tokens and cost under a topic prefix", () => {
    const log = new InMemoryAICallLogger();
    log.logCall(call({}));
    log.logCall(call({ status: "failed", inputTokens: 4, outputTokens: 0, cost: 0.5 }));
    log.logCall(call({ topic: "other", cost: 7 }));
    expect(log.getStats("docs.")).toEqual({
      calls: 2,
      failedCalls: 1,
      inputTokens: 14,
      outputTokens: 5,
      totalTokens: 19,
      cost: 0.75,
    });
    expect(log.getStats("").calls).toBe(3);
    expect(log.getStats("nothing").calls).toBe(0);
  });
});
