import { describe, expect, it } from "vitest";
import type { AICallRecord } from "../logger";
import { createInMemoryAICallLogger } from "./in-memory-ai-call-logger";
import { redactSecrets } from "./redact-secrets";

function record(topic: string, overrides: Partial<AICallRecord> = {}): AICallRecord {
  return {
    topic,
    provider: "openai",
    model: "gpt-4o",
    kind: "text",
    inputTokens: 10,
    outputTokens: 5,
    cost: 0.1,
    batch: false,
    status: "succeeded",
    durationMs: 1,
    createdAt: new Date(0),
    ...overrides,
  };
}

describe("createInMemoryAICallLogger", () => {
  it("aggregates stats by topic prefix", () => {
    const logger = createInMemoryAICallLogger();
    logger.logCall(record("batch.run1"));
    logger.logCall(record("batch.run1.items", { status: "failed", cost: 0.2 }));
    logger.logCall(record("batch.run2"));
    logger.logCall(record("summarize"));
    expect(logger.getStats("batch.run1")).toEqual({
      calls: 2,
      failedCalls: 1,
      inputTokens: 20,
      outputTokens: 10,
      totalTokens: 30,
      cost: 0.3,
    });
    expect(logger.getStats("batch.").calls).toBe(3);
    expect(logger.getStats("").calls).toBe(4);
    expect(logger.getStats("nothing").calls).toBe(0);
  });

  it("returns copies and can be cleared", () => {
    const logger = createInMemoryAICallLogger();
    logger.logCall(record("t"));
    (logger.records[0] as AICallRecord).topic = "changed";
    expect(logger.records[0]?.topic).toBe("t");
    logger.clear();
    expect(logger.records).toEqual([]);
  });
});

describe("redactSecrets", () => {
  it("removes API keys and authorization values", () => {
    const message =
      "401 Incorrect API key sk-proj-abcdefghijklmnop, header Authorization: Bearer abcdefghijkl123 " +
      "x-api-key=sk-ant-api03-secretsecret google AIzaSyA1234567890abcdefghijklmn";
    const redacted = redactSecrets(message);
    expect(redacted).not.toMatch(/abcdefghijklmnop|abcdefghijkl123|secretsecret|AIzaSy/);
    expect(redacted).toContain("[redacted]");
    expect(redactSecrets("model not found")).toBe("model not found");
  });
});
