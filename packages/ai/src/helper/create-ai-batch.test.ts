import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fakeProvider } from "../../test/fake-provider";
import { createInMemoryAICallLogger } from "../logging/in-memory-ai-call-logger";
import type { AIUsageEntry } from "../stage-binding";
import { forgetRememberedBatches } from "./batch-info-store";
import { createAIHelper } from "./create-ai-helper";

const Item = z.object({ label: z.string(), score: z.number().min(0).max(1) });

function setup() {
  const anthropic = fakeProvider({ name: "anthropic" });
  const logger = createInMemoryAICallLogger();
  const usage: AIUsageEntry[] = [];
  const stage = {
    workflowRunId: "run_1",
    stageId: "classify",
    usage: { record: (u: AIUsageEntry) => void usage.push(u) },
  };
  const helper = () => createAIHelper("batch.run_1", logger, { providers: [anthropic], stage });
  return { anthropic, logger, usage, helper };
}

describe("ai.batch", () => {
  it("submits requests with JSON Schemas and returns JSON-serializable metadata", async () => {
    const { anthropic, helper } = setup();
    const handle = await helper()
      .batch("claude-sonnet-4-5", "anthropic")
      .submit([
        { id: "a", prompt: "first", schema: Item, maxTokens: 100 },
        { id: "b", prompt: "second", schema: Item, system: "sys" },
      ]);
    expect(handle).toMatchObject({
      id: expect.stringMatching(/^fake_batch_\d+$/),
      provider: "anthropic",
      model: "claude-sonnet-4-5",
    });
    expect(anthropic.submitted.get(handle.id)).toEqual({
      model: "claude-sonnet-4-5",
      requests: [
        {
          id: "a",
          kind: "object",
          prompt: "first",
          maxTokens: 100,
          jsonSchema: z.toJSONSchema(Item),
          schemaName: "output",
        },
        {
          id: "b",
          kind: "object",
          prompt: "second",
          system: "sys",
          jsonSchema: z.toJSONSchema(Item),
          schemaName: "output",
        },
      ],
    });
    expect(JSON.parse(JSON.stringify(handle.metadata))).toEqual(handle.metadata);
    expect(handle.metadata.aiBatch).toMatchObject({ requestCount: 2, schemaForAll: "s0" });
    expect(Object.keys(handle.metadata.aiBatch.schemas)).toEqual(["s0"]);
  });

  it("validates object results after a restart from the stored metadata, at the batch price", async () => {
    const { anthropic, logger, usage, helper } = setup();
    const handle = await helper()
      .batch("claude-sonnet-4-5")
      .submit([
        { id: "a", prompt: "first", schema: Item },
        { id: "b", prompt: "second", schema: Item },
        { id: "c", prompt: "third", schema: Item },
        { id: "d", prompt: "plain text" },
      ]);
    const stored = JSON.parse(JSON.stringify({ ...handle.metadata, requestCount: 4 }));
    anthropic.completeBatch(handle.id, [
      {
        id: "b",
        status: "succeeded",
        text: '{"label":"x","score":2}',
        inputTokens: 1000,
        outputTokens: 0,
      },
      {
        id: "a",
        status: "succeeded",
        text: '{"label":"ok","score":0.5}',
        inputTokens: 1000,
        outputTokens: 500,
      },
      { id: "c", status: "failed", error: "overloaded", inputTokens: 0, outputTokens: 0 },
      { id: "d", status: "succeeded", text: "hello", inputTokens: 0, outputTokens: 1000 },
    ]);

    const resumed = helper().batch<unknown>("claude-sonnet-4-5", "anthropic");
    expect(await resumed.getStatus(handle.id)).toMatchObject({ status: "completed" });
    const results = await resumed.getResults(handle.id, stored);
    const byId = Object.fromEntries(results.map((r) => [r.id, r]));
    expect(byId.a).toEqual({
      id: "a",
      status: "succeeded",
      result: { label: "ok", score: 0.5 },
      error: undefined,
      inputTokens: 1000,
      outputTokens: 500,
      cost: 0.00525,
    });
    expect(byId.b).toMatchObject({
      status: "failed",
      result: undefined,
      rawText: '{"label":"x","score":2}',
      cost: 0.0015,
    });
    expect(byId.b?.error).toContain("score");
    expect(byId.c).toMatchObject({ status: "failed", error: "overloaded", cost: 0 });
    expect(byId.d).toMatchObject({ status: "succeeded", result: "hello", cost: 0.0075 });

    expect(usage).toEqual([
      {
        model: "claude-sonnet-4-5",
        provider: "anthropic",
        inputTokens: 2000,
        outputTokens: 1500,
        cost: 0.01425,
        batch: true,
      },
    ]);
    expect(logger.records).toHaveLength(4);
    expect(
      logger.records.every((r) => r.batch && r.kind === "batch" && r.batchId === handle.id),
    ).toBe(true);
    expect(logger.records.map((r) => [r.requestId, r.status, r.stageId])).toEqual([
      ["b", "failed", "classify"],
      ["a", "succeeded", "classify"],
      ["c", "failed", "classify"],
      ["d", "succeeded", "classify"],
    ]);
    expect(logger.getStats("batch.run_1").cost).toBe(0.01425);
  });

  it("uses zod schemas passed to getResults over the stored JSON Schemas", async () => {
    const { anthropic, helper } = setup();
    const batch = helper().batch("claude-haiku-4-5");
    const handle = await batch.submit([{ id: "a", prompt: "p", schema: Item }]);
    anthropic.completeBatch(handle.id, [
      {
        id: "a",
        status: "succeeded",
        text: '{"label":"ok","score":1}',
        inputTokens: 1,
        outputTokens: 1,
      },
    ]);
    const Upper = Item.transform((v) => v.label.toUpperCase());
    expect(
      (await batch.getResults(handle.id, handle.metadata, { schemas: Upper }))[0]?.result,
    ).toBe("OK");
    expect(
      (await batch.getResults(handle.id, handle.metadata, { schemas: { a: Upper } }))[0]?.result,
    ).toBe("OK");
    // Without metadata, the JSON Schema the helper kept at submit still parses the result.
    expect((await batch.getResults(handle.id))[0]?.result).toEqual({ label: "ok", score: 1 });
  });

  it("keeps one JSON Schema per distinct schema when requests differ", async () => {
    const { helper } = setup();
    const handle = await helper()
      .batch("claude-haiku-4-5")
      .submit([
        { id: "a", prompt: "p", schema: Item },
        { id: "b", prompt: "p", schema: z.object({ n: z.number() }) },
        { id: "c", prompt: "p", schema: Item },
        { id: "d", prompt: "p" },
      ]);
    expect(handle.metadata.aiBatch.schemaByRequest).toEqual({ a: "s0", b: "s1", c: "s0" });
    expect(handle.metadata.aiBatch.schemaForAll).toBeUndefined();
  });

  it("rejects metadata of another batch and malformed metadata", async () => {
    const { helper } = setup();
    const batch = helper().batch("claude-haiku-4-5");
    const first = await batch.submit([{ id: "a", prompt: "p" }]);
    const second = await batch.submit([{ id: "a", prompt: "p" }]);
    await expect(batch.getResults(second.id, first.metadata)).rejects.toMatchObject({
      code: "AI_BATCH_METADATA_INVALID",
    });
    await expect(batch.getResults(first.id, { aiBatch: { v: 2 } })).rejects.toMatchObject({
      code: "AI_BATCH_METADATA_INVALID",
    });
    expect(await batch.getResults(first.id, { requestCount: 1 })).toEqual([]);
  });

  it("rejects bad requests before submitting", async () => {
    const { anthropic, helper } = setup();
    const batch = helper().batch("claude-haiku-4-5");
    await expect(batch.submit([])).rejects.toMatchObject({ code: "AI_INVALID_REQUEST" });
    await expect(
      batch.submit([
        { id: "a", prompt: "p" },
        { id: "a", prompt: "q" },
      ]),
    ).rejects.toMatchObject({ code: "AI_INVALID_REQUEST" });
    await expect(batch.submit([{ id: "a", prompt: "p", kind: "object" }])).rejects.toMatchObject({
      code: "AI_INVALID_REQUEST",
    });
    await expect(batch.submit([{ id: "a", prompt: "p", kind: "embedding" }])).rejects.toMatchObject(
      {
        code: "AI_UNSUPPORTED_CAPABILITY",
      },
    );
    expect(anthropic.submitted.size).toBe(0);
  });

  it("fails with typed errors for a provider without batch API, a missing provider or a foreign model", () => {
    const ai = createAIHelper("t", undefined, { providers: [fakeProvider({ noBatch: true })] });
    expect(() => ai.batch("gpt-4o", "openai")).toThrow(
      expect.objectContaining({ code: "AI_UNSUPPORTED_CAPABILITY", capability: "batch" }),
    );
    expect(() => ai.batch("gemini-2.5-flash", "google")).toThrow(
      expect.objectContaining({ code: "AI_PROVIDER_NOT_CONFIGURED" }),
    );
    expect(() => ai.batch("gpt-4o", "anthropic")).toThrow(
      expect.objectContaining({ code: "AI_UNKNOWN_MODEL" }),
    );
  });

  it("batches embeddings and returns vectors", async () => {
    const openai = fakeProvider();
    const ai = createAIHelper("t", undefined, { providers: [openai] });
    const batch = ai.batch<number[]>("text-embedding-3-small", "openai");
    const handle = await batch.submit([{ id: "x", prompt: "hello" }]);
    expect(openai.submitted.get(handle.id)?.requests[0]?.kind).toBe("embedding");
    openai.completeBatch(handle.id, [
      { id: "x", status: "succeeded", vector: [0.6, 0.8], inputTokens: 1_000_000, outputTokens: 0 },
    ]);
    const [result] = await batch.getResults(handle.id, handle.metadata);
    expect(result).toMatchObject({ result: [0.6, 0.8], cost: 0.01 });
    await expect(batch.cancel(handle.id)).resolves.toBeUndefined();
  });
});

describe("getResults without the submit handle's metadata", () => {
  it("parses object results of a batch submitted before a restart, through the logger", async () => {
    const anthropic = fakeProvider({ name: "anthropic" });
    const logger = createInMemoryAICallLogger();
    const before = createAIHelper("t", logger, { providers: [anthropic] }).batch(
      "claude-haiku-4-5",
    );
    const handle = await before.submit([
      { id: "a", prompt: "p", schema: Item },
      { id: "b", prompt: "q" },
    ]);
    anthropic.completeBatch(handle.id, [
      { id: "b", status: "succeeded", text: "plain", inputTokens: 1, outputTokens: 1 },
      {
        id: "a",
        status: "succeeded",
        text: '{"label":"ok","score":0.5}',
        inputTokens: 1,
        outputTokens: 1,
      },
    ]);
    forgetRememberedBatches(); // a new process: only the logger knows the batch
    const after = createAIHelper("t", logger, { providers: [anthropic] }).batch("claude-haiku-4-5");
    const results = await after.getResults(handle.id);
    expect(Object.fromEntries(results.map((r) => [r.id, r.result]))).toEqual({
      a: { label: "ok", score: 0.5 },
      b: "plain",
    });
  });

  it("maps results a vendor returns by position back to the request ids", async () => {
    const google = fakeProvider({ name: "google", positionalBatches: true });
    const batch = createAIHelper("t", undefined, { providers: [google] }).batch(
      "text-embedding-004",
    );
    const handle = await batch.submit([
      { id: "x", prompt: "one" },
      { id: "y", prompt: "two" },
    ]);
    expect(handle.metadata.aiBatch.requestIds).toEqual(["x", "y"]);
    google.completeBatch(handle.id, [
      { id: "#1", status: "succeeded", vector: [2], inputTokens: 1, outputTokens: 0 },
      { id: "#0", status: "succeeded", vector: [1], inputTokens: 1, outputTokens: 0 },
    ]);
    const results = await batch.getResults(handle.id);
    expect(results.map((r) => [r.id, r.result])).toEqual([
      ["y", [2]],
      ["x", [1]],
    ]);
  });
});
