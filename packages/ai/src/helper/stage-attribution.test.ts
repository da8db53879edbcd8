import { createStageContext, createUsageRecorder } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fakeProvider } from "../../test/fake-provider";
import { mapHttpStatusToAIError } from "../errors/map-http-status-to-ai-error";
import { createInMemoryAICallLogger } from "../logging/in-memory-ai-call-logger";
import type { AIUsageEntry } from "../stage-binding";
import { createAIHelper } from "./create-ai-helper";

const API_KEY = "sk-ant-api03-THIS-IS-A-SECRET-KEY-123456";

function stageContext(signal?: AbortSignal) {
  const entries: AIUsageEntry[] = [];
  return {
    entries,
    ctx: {
      workflowRunId: "run_42",
      stageId: "summarize",
      usage: { record: (entry: AIUsageEntry) => void entries.push(entry) },
      signal: signal ?? new AbortController().signal,
      // Other StageContext members are irrelevant to the helper.
      config: { apiKey: API_KEY },
    },
  };
}

describe("stage attribution", () => {
  it("records usage into the stage and logs run and stage ids", async () => {
    const anthropic = fakeProvider({ name: "anthropic" });
    anthropic.answer(
      { text: "summary", inputTokens: 1000, outputTokens: 500 },
      { text: '{"ok":true}', inputTokens: 200, outputTokens: 100 },
    );
    const logger = createInMemoryAICallLogger();
    const { ctx, entries } = stageContext();
    const ai = createAIHelper("summarize.run_42", logger, { providers: [anthropic], stage: ctx });
    await ai.generateText("claude-sonnet-4-5", "text");
    await ai.generateObject("claude-haiku-4-5", "text", z.object({ ok: z.boolean() }));
    expect(entries).toEqual([
      {
        model: "claude-sonnet-4-5",
        provider: "anthropic",
        inputTokens: 1000,
        outputTokens: 500,
        cost: 0.0105,
        batch: false,
      },
      {
        model: "claude-haiku-4-5",
        provider: "anthropic",
        inputTokens: 200,
        outputTokens: 100,
        cost: 0.0007,
        batch: false,
      },
    ]);
    expect(logger.records.map((r) => [r.workflowRunId, r.stageId, r.kind])).toEqual([
      ["run_42", "summarize", "text"],
      ["run_42", "summarize", "object"],
    ]);
  });

  it("passes the stage's signal to the provider and refuses to start once it is aborted", async () => {
    const openai = fakeProvider();
    const controller = new AbortController();
    const { ctx } = stageContext(controller.signal);
    const ai = createAIHelper("t", undefined, { providers: [openai], stage: ctx });
    await ai.generateText("gpt-4o", "x");
    expect(openai.textRequests[0]?.signal?.aborted).toBe(false);
    const own = new AbortController();
    await ai.generateText("gpt-4o", "x", { signal: own.signal });
    own.abort();
    expect(openai.textRequests[1]?.signal?.aborted).toBe(true);
    controller.abort(new Error("cancelled"));
    await expect(ai.generateText("gpt-4o", "x")).rejects.toThrow("cancelled");
    expect(openai.textRequests).toHaveLength(2);
  });

  it("never records an API key, even when a provider error message contains one", async () => {
    const anthropic = fakeProvider({ name: "anthropic" });
    anthropic.answer(mapHttpStatusToAIError("anthropic", 401, `invalid x-api-key: ${API_KEY}`));
    const logger = createInMemoryAICallLogger();
    const { ctx, entries } = stageContext();
    const ai = createAIHelper("t", logger, { providers: [anthropic], stage: ctx });
    await expect(ai.generateText("claude-haiku-4-5", "x")).rejects.toMatchObject({
      code: "AI_AUTHENTICATION_FAILED",
    });
    expect(logger.records).toHaveLength(1);
    expect(logger.records[0]).toMatchObject({ status: "failed", workflowRunId: "run_42" });
    expect(JSON.stringify(logger.records)).not.toContain("SECRET");
    expect(Object.keys(logger.records[0] ?? {})).not.toContain("headers");
    expect(entries).toEqual([]);
  });

  it("rolls usage up through core's StageContext and UsageRecorder", async () => {
    const openai = fakeProvider();
    openai.answer({ text: "a", inputTokens: 1000, outputTokens: 1000 });
    const storage = {
      save: async () => {},
      load: async () => undefined,
      exists: async () => false,
      delete: async () => {},
    };
    const ctx = createStageContext({
      input: undefined,
      config: {},
      workflowRunId: "run_7",
      stageId: "write",
      stageRecordId: "rec_1",
      workflowContext: {},
      storage,
      schemas: { input: "none", output: z.unknown(), config: z.object({}) },
      usage: createUsageRecorder(),
    });
    const ai = createAIHelper("write.run_7", undefined, { providers: [openai], stage: ctx });
    await ai.generateText("gpt-4o-mini", "x");
    await ai.embed("text-embedding-3-small", "y");
    expect(ctx.usage.totals()).toEqual({
      inputTokens: 1010,
      outputTokens: 1000,
      totalTokens: 2010,
      cost: 0.0007502,
      calls: 2,
    });
    expect(openai.textRequests[0]?.signal).toBe(ctx.signal);
  });

  it("accepts a context without usage or signal (e.g. a CheckCompletionContext)", async () => {
    const logger = createInMemoryAICallLogger();
    const ai = createAIHelper("t", logger, {
      providers: [fakeProvider()],
      stage: { workflowRunId: "r", stageId: "s" },
    });
    await ai.generateText("gpt-4o", "x");
    expect(logger.records[0]).toMatchObject({ workflowRunId: "r", stageId: "s" });
  });
});
