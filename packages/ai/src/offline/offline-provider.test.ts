import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAIHelper } from "../helper/create-ai-helper";
import { createInMemoryAICallLogger } from "../logging/in-memory-ai-call-logger";
import { offlineProvider } from "./offline-provider";

const TEXT = [
  "Stageflow runs durable workflows for AI pipelines.",
  "The weather was nice yesterday.",
  "Durable workflows survive crashes because workflows keep their state in a database.",
].join(" ");

describe("offlineProvider through the AI helper", () => {
  const ai = createAIHelper("offline", undefined, { providers: [offlineProvider()] });

  it("generates an extractive summary with word-count tokens at 0 USD", async () => {
    const result = await ai.generateText("offline-text", TEXT, { system: "Be brief." });
    expect(result).toEqual({
      text: "Durable workflows survive crashes because workflows keep their state in a database.",
      inputTokens: 26,
      outputTokens: 12,
      cost: 0,
    });
    const short = await ai.generateText("offline-text", TEXT, { maxTokens: 3 });
    expect(short.text).toBe("Durable workflows survive");
  });

  it("generates objects that validate against the zod schema", async () => {
    const Schema = z.object({
      title: z.string(),
      summary: z.string().max(80),
      keywords: z.array(z.string()).min(1),
      sentenceCount: z.int(),
      sentiment: z.enum(["positive", "negative"]),
    });
    const { object, outputTokens } = await ai.generateObject("offline-text", TEXT, Schema);
    expect(object).toEqual({
      title: "workflows",
      summary: "Durable workflows survive crashes because workflows keep their state in a",
      keywords: ["durable", "stageflow", "runs", "ai", "pipelines"],
      sentenceCount: 3,
      sentiment: "positive",
    });
    expect(outputTokens).toBeGreaterThan(0);
  });

  it("embeds with hashed bag-of-words vectors of the configured size", async () => {
    const small = createAIHelper("t", undefined, {
      providers: [offlineProvider({ embeddingDimensions: 16 })],
    });
    const { embedding, inputTokens, cost } = await small.embed(
      "offline-embed",
      "durable workflows",
    );
    expect(embedding).toHaveLength(16);
    expect({ inputTokens, cost }).toEqual({ inputTokens: 2, cost: 0 });
    const { embeddings } = await ai.embed("offline-embed", ["a b", "c d"], { dimensions: 32 });
    expect(embeddings.map((v) => v.length)).toEqual([32, 32]);
    await expect(ai.embed("offline-embed", "x", { dimensions: 0 })).rejects.toMatchObject({
      code: "AI_INVALID_REQUEST",
    });
    expect(() => offlineProvider({ embeddingDimensions: 1.5 })).toThrow(RangeError);
  });

  it("honours an aborted signal", async () => {
    const provider = offlineProvider();
    const signal = AbortSignal.abort(new Error("stop"));
    await expect(
      provider.generateText({ model: "offline-text", prompt: "x", signal }),
    ).rejects.toThrow("stop");
  });
});

describe("offline batches", () => {
  function setup(options: { batchDelayMs?: number } = {}) {
    let time = 1_000_000;
    const clock = {
      now: () => time,
      advance(ms: number) {
        time += ms;
      },
    };
    const data = new Map<string, unknown>();
    const store = {
      get: async (key: string) => data.get(key),
      put: async (key: string, value: unknown) => void data.set(key, structuredClone(value)),
    };
    const provider = () => offlineProvider({ now: clock.now, store, ...options });
    return { clock, data, provider };
  }

  it("moves pending → processing → completed on the injected clock and returns computed results", async () => {
    const { clock, provider } = setup();
    const logger = createInMemoryAICallLogger();
    const ai = createAIHelper("batch.run_9", logger, {
      providers: [provider()],
      stage: { workflowRunId: "run_9", stageId: "summaries" },
    });
    const batch = ai.batch("offline-text", "offline");
    const Schema = z.object({ topic: z.string(), words: z.int() });
    const handle = await batch.submit([
      { id: "t", prompt: TEXT },
      { id: "o", prompt: TEXT, schema: Schema },
    ]);
    expect(handle.id).toMatch(/^offline_batch_/);
    expect(await batch.getStatus(handle.id)).toEqual({
      status: "pending",
      counts: { total: 2, succeeded: 0, failed: 0, processing: 2 },
      providerStatus: "pending",
    });
    await expect(batch.getResults(handle.id, handle.metadata)).rejects.toMatchObject({
      code: "AI_BATCH_NOT_READY",
      retryable: true,
    });
    clock.advance(1000);
    expect((await batch.getStatus(handle.id)).status).toBe("processing");
    clock.advance(999);
    expect((await batch.getStatus(handle.id)).status).toBe("processing");
    clock.advance(1);
    expect(await batch.getStatus(handle.id)).toMatchObject({
      status: "completed",
      counts: { total: 2, succeeded: 2, failed: 0, processing: 0 },
    });
    const results = await batch.getResults(handle.id, handle.metadata);
    expect(results).toEqual([
      {
        id: "t",
        status: "succeeded",
        result:
          "Durable workflows survive crashes because workflows keep their state in a database.",
        error: undefined,
        inputTokens: 24,
        outputTokens: 12,
        cost: 0,
      },
      {
        id: "o",
        status: "succeeded",
        result: { topic: "workflows", words: 24 },
        error: undefined,
        inputTokens: 24,
        outputTokens: 4,
        cost: 0,
      },
    ]);
    expect(logger.records.map((r) => [r.requestId, r.batch, r.workflowRunId])).toEqual([
      ["t", true, "run_9"],
      ["o", true, "run_9"],
    ]);
  });

  it("survives a process restart through the store", async () => {
    const { clock, provider } = setup({ batchDelayMs: 500 });
    const first = createAIHelper("t", undefined, { providers: [provider()] }).batch(
      "offline-embed",
    );
    const handle = await first.submit([{ id: "e", prompt: "durable workflows" }]);
    const state = JSON.parse(JSON.stringify({ batchId: handle.id, metadata: handle.metadata }));

    clock.advance(500);
    const second = createAIHelper("t", undefined, { providers: [provider()] }).batch<number[]>(
      "offline-embed",
    );
    expect((await second.getStatus(state.batchId)).status).toBe("completed");
    const [result] = await second.getResults(state.batchId, state.metadata);
    expect(result?.result).toHaveLength(256);
  });

  it("reports a cancelled batch as failed with every request failed", async () => {
    const { clock, provider } = setup();
    const batch = createAIHelper("t", undefined, { providers: [provider()] }).batch("offline-text");
    const handle = await batch.submit([{ id: "a", prompt: "x" }]);
    await batch.cancel(handle.id);
    clock.advance(10_000);
    expect(await batch.getStatus(handle.id)).toMatchObject({
      status: "failed",
      providerStatus: "cancelled",
    });
    const [result] = await batch.getResults(handle.id);
    expect(result).toMatchObject({
      status: "failed",
      error: "Batch was cancelled before it completed",
    });
    const done = await batch.submit([{ id: "b", prompt: "x" }]);
    clock.advance(2000);
    await batch.cancel(done.id);
    expect((await batch.getStatus(done.id)).status).toBe("completed");
  });

  it("completes at once with batchDelayMs 0 and rejects unknown or corrupt batch ids", async () => {
    const { data, provider } = setup({ batchDelayMs: 0 });
    const batch = createAIHelper("t", undefined, { providers: [provider()] }).batch("offline-text");
    const handle = await batch.submit([{ id: "a", prompt: "x" }]);
    expect((await batch.getStatus(handle.id)).status).toBe("completed");
    await expect(batch.getStatus("offline_batch_nope")).rejects.toMatchObject({
      code: "AI_BATCH_NOT_FOUND",
      batchId: "offline_batch_nope",
    });
    data.set("stageflow-ai/offline-batches/broken", { v: 1, id: "broken" });
    await expect(batch.getResults("broken")).rejects.toMatchObject({ code: "AI_BATCH_NOT_FOUND" });
    const memoryOnly = offlineProvider();
    await expect(memoryOnly.batch?.cancel("missing")).rejects.toMatchObject({
      code: "AI_BATCH_NOT_FOUND",
    });
  });
});
