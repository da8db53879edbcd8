import {
  AIInvalidRequestError,
  BatchNotFoundError,
  BatchNotReadyError,
  createAIHelper,
  createInMemoryAICallLogger,
} from "@stageflow/ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expectResultsById } from "../../ai/test/expect-batch-results";
import { type FakeGoogleServer, fakeGoogleEmbedding } from "./fake-google-server";
import { googleProviderOn, startGoogleFake } from "./google-fixtures";

let server: FakeGoogleServer;
const provider = () => googleProviderOn(server);
type Body = Record<string, unknown>;

beforeAll(async () => {
  server = await startGoogleFake({ text: "batch answer", json: '{"ok":true}', thoughtsTokens: 2 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setBatchBehaviour({ states: ["PENDING", "RUNNING", "SUCCEEDED"] });
});

describe("google batch", () => {
  it("walks pending → processing → completed and returns mixed results matched by metadata.key", async () => {
    const { batch } = provider();
    const { id } = await batch.submit("gemini-2.5-flash", [
      { id: "a", prompt: "first", maxTokens: 10 },
      { id: "b", prompt: "please fail" },
      {
        id: "c",
        prompt: "third",
        kind: "object",
        jsonSchema: { type: "object" },
        system: "json only",
      },
    ]);
    expect(id).toMatch(/^batches\//);
    const [create] = server.requests;
    expect(create?.path).toBe("/v1beta/models/gemini-2.5-flash:batchGenerateContent");
    const spec = ((create?.body ?? {}) as { batch: Body }).batch;
    expect(spec.displayName).toBe("stageflow batch (3 requests)");
    const inline = (spec.inputConfig as { requests: { requests: Body[] } }).requests.requests;
    expect(inline.map((r) => r.metadata)).toEqual([{ key: "a" }, { key: "b" }, { key: "c" }]);
    expect(inline[0]?.request).toEqual({
      contents: [{ role: "user", parts: [{ text: "first" }] }],
      generationConfig: { maxOutputTokens: 10 },
    });
    expect(inline[2]?.request).toMatchObject({
      systemInstruction: { parts: [{ text: "json only" }] },
      generationConfig: {
        responseMimeType: "application/json",
        responseJsonSchema: { type: "object" },
      },
    });

    expect(await batch.getStatus(id)).toEqual({
      status: "pending",
      counts: { total: 3, succeeded: 0, failed: 0, processing: 3 },
      providerStatus: "JOB_STATE_PENDING",
    });
    expect(server.requests.at(-1)?.path).toBe(`/v1beta/${id}`);
    expect(await batch.getStatus(id)).toMatchObject({
      status: "processing",
      providerStatus: "JOB_STATE_RUNNING",
    });
    expect(await batch.getStatus(id)).toEqual({
      status: "completed",
      counts: { total: 3, succeeded: 2, failed: 1, processing: 0 },
      providerStatus: "JOB_STATE_SUCCEEDED",
    });

    // Output tokens include 2 thinking tokens per answer.
    expectResultsById(await batch.getResults(id), {
      a: { status: "succeeded", text: "batch answer", inputTokens: 5, outputTokens: 12 + 2 },
      b: { status: "failed", error: "fake failure", inputTokens: 0, outputTokens: 0 },
      c: { status: "succeeded", text: '{"ok":true}', inputTokens: 5, outputTokens: 11 + 2 },
    });
  });

  it("throws BatchNotReadyError for results before the job is terminal", async () => {
    const { batch } = provider();
    const { id } = await batch.submit("gemini-2.5-flash", [{ id: "a", prompt: "x" }]);
    const error = await batch.getResults(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchNotReadyError);
    expect(error).toMatchObject({ code: "AI_BATCH_NOT_READY", retryable: true });
  });

  it("cancels: processing, then cancelled is failed with no results", async () => {
    const { batch } = provider();
    const { id } = await batch.submit("gemini-2.5-flash", [
      { id: "a", prompt: "x" },
      { id: "b", prompt: "y" },
    ]);
    await batch.cancel(id);
    expect(server.requests.at(-1)).toMatchObject({ method: "POST", path: `/v1beta/${id}:cancel` });
    expect(await batch.getStatus(id)).toMatchObject({ status: "processing" });
    expect(await batch.getStatus(id)).toEqual({
      status: "failed",
      counts: { total: 2, succeeded: 0, failed: 2, processing: 0 },
      providerStatus: "JOB_STATE_CANCELLED",
    });
    await expect(batch.getResults(id)).resolves.toEqual([]);
  });

  it("rejects mixed embedding and generation, duplicates and empty batches before calling the API", async () => {
    const { batch } = provider();
    await expect(
      batch.submit("m", [
        { id: "a", prompt: "x", kind: "embedding" },
        { id: "b", prompt: "y" },
      ]),
    ).rejects.toBeInstanceOf(AIInvalidRequestError);
    const dup = [
      { id: "a", prompt: "x" },
      { id: "a", prompt: "y" },
    ];
    await expect(batch.submit("m", dup)).rejects.toBeInstanceOf(AIInvalidRequestError);
    await expect(batch.submit("m", [])).rejects.toBeInstanceOf(AIInvalidRequestError);
    expect(server.requests).toHaveLength(0);
  });

  it("maps a 404 on a batch to BatchNotFoundError", async () => {
    const error = await provider()
      .batch.getStatus("batches/missing")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchNotFoundError);
    expect(error).toMatchObject({ code: "AI_BATCH_NOT_FOUND", batchId: "batches/missing" });
  });

  it("batches embeddings through batches.createEmbeddings, results by position", async () => {
    const { batch } = provider();
    const { id, positionalResults } = await batch.submit("text-embedding-004", [
      { id: "x", prompt: "one", kind: "embedding" },
      { id: "y", prompt: "three", kind: "embedding" },
    ]);
    expect(positionalResults).toBe(true);
    const [create] = server.requests;
    expect(create?.path).toBe("/v1beta/models/text-embedding-004:asyncBatchEmbedContent");
    const spec = ((create?.body ?? {}) as { batch: Body }).batch;
    expect(spec.displayName).toBe("stageflow batch (2 requests)");
    const inline = (spec.inputConfig as { requests: { requests: Body[] } }).requests.requests;
    expect(inline.map((r) => r.request)).toEqual([
      { content: { role: "user", parts: [{ text: "one" }] } },
      { content: { role: "user", parts: [{ text: "three" }] } },
    ]);
    await batch.getStatus(id);
    await batch.getStatus(id);
    expect(await batch.getStatus(id)).toEqual({
      status: "completed",
      counts: { total: 2, succeeded: 2, failed: 0, processing: 0 },
      providerStatus: "JOB_STATE_SUCCEEDED",
    });
    expect(await batch.getResults(id)).toEqual([
      {
        id: "#0",
        status: "succeeded",
        vector: fakeGoogleEmbedding("one"),
        inputTokens: 3,
        outputTokens: 0,
      },
      {
        id: "#1",
        status: "succeeded",
        vector: fakeGoogleEmbedding("three"),
        inputTokens: 5,
        outputTokens: 0,
      },
    ]);
  });

  it("gives the helper's embedding batch results by request id, without the handle's metadata", async () => {
    server.setBatchBehaviour({ states: ["SUCCEEDED"] });
    const logger = createInMemoryAICallLogger();
    const ai = createAIHelper("embed", logger, { providers: [provider()] });
    const handle = await ai.batch("text-embedding-004").submit([
      { id: "doc-1", prompt: "alpha" },
      { id: "doc-2", prompt: "be" },
    ]);
    const results = await ai.batch("text-embedding-004").getResults(handle.id);
    expect(results.map((r) => [r.id, r.status, r.result])).toEqual([
      ["doc-1", "succeeded", fakeGoogleEmbedding("alpha")],
      ["doc-2", "succeeded", fakeGoogleEmbedding("be")],
    ]);
    expect(logger.records.map((r) => [r.requestId, r.batch, r.cost])).toEqual([
      ["doc-1", true, 2.5e-7], // 5 tokens at half of $0.10 per million
      ["doc-2", true, 1e-7],
    ]);
  });
});
