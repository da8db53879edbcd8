import { AIInvalidRequestError, BatchNotFoundError, BatchNotReadyError } from "@stageflow/ai";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expectResultsById } from "../../ai/test/expect-batch-results";
import { openaiProvider } from "../src/index";
import { type FakeOpenAIServer, fakeEmbedding, startFakeOpenAIServer } from "./fake-openai-server";

let server: FakeOpenAIServer;
const provider = () =>
  openaiProvider({
    client: new OpenAI({ apiKey: "test", baseURL: server.url, maxRetries: 0, timeout: 5000 }),
  });

beforeAll(async () => {
  delete process.env.OPENAI_BASE_URL;
  server = await startFakeOpenAIServer({
    reply: (body) => (body.response_format ? '{"ok":true}' : "batch answer"),
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setBatchBehaviour({ statuses: ["validating", "in_progress", "completed"] });
});

describe("openai batch", () => {
  it("uploads JSONL, walks pending → processing → completed and merges both result files", async () => {
    const { batch } = provider();
    const { id } = await batch.submit("gpt-4o-mini", [
      { id: "a", prompt: "first", maxTokens: 10 },
      { id: "b", prompt: "please fail" },
      { id: "c", prompt: "third", kind: "object", jsonSchema: { type: "object" }, schemaName: "S" },
    ]);
    expect(id).toMatch(/^batch_/);

    const upload = server.requests.find((r) => r.path === "/v1/files");
    const form = upload?.body as { purpose: string; filename: string; file: string };
    expect(form.purpose).toBe("batch");
    expect(form.filename).toBe("batch.jsonl");
    const lines = form.file
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.custom_id, l.method, l.url])).toEqual([
      ["a", "POST", "/v1/chat/completions"],
      ["b", "POST", "/v1/chat/completions"],
      ["c", "POST", "/v1/chat/completions"],
    ]);
    expect(lines[0].body).toEqual({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "first" }],
      max_completion_tokens: 10,
    });
    expect(lines[2].body.response_format.json_schema).toEqual({
      name: "S",
      strict: true,
      schema: { type: "object" },
    });
    expect(server.requests.find((r) => r.path === "/v1/batches")?.body).toMatchObject({
      endpoint: "/v1/chat/completions",
      completion_window: "24h",
    });

    expect(await batch.getStatus(id)).toMatchObject({
      status: "pending",
      providerStatus: "validating",
    });
    expect(await batch.getStatus(id)).toMatchObject({
      status: "processing",
      counts: { total: 3, succeeded: 0, failed: 0, processing: 3 },
    });
    expect(await batch.getStatus(id)).toEqual({
      status: "completed",
      counts: { total: 3, succeeded: 2, failed: 1, processing: 0 },
      providerStatus: "completed",
    });

    expectResultsById(await batch.getResults(id), {
      a: { status: "succeeded", text: "batch answer", inputTokens: 5, outputTokens: 12 },
      b: { status: "failed", error: "fake failure", inputTokens: 0, outputTokens: 0 },
      c: { status: "succeeded", text: '{"ok":true}', inputTokens: 5, outputTokens: 11 },
    });
    const contentReads = server.requests.filter((r) => r.path.endsWith("/content"));
    expect(contentReads).toHaveLength(2);
  });

  it("sends embedding batches to /v1/embeddings and returns vectors", async () => {
    const { batch } = provider();
    const { id } = await batch.submit("text-embedding-3-small", [
      { id: "e1", kind: "embedding", prompt: "abcd" },
      { id: "e2", kind: "embedding", prompt: "ab" },
    ]);
    const form = server.requests.find((r) => r.path === "/v1/files")?.body as { file: string };
    expect(JSON.parse(form.file.split("\n")[0] ?? "")).toMatchObject({
      url: "/v1/embeddings",
      body: { model: "text-embedding-3-small", input: "abcd", encoding_format: "float" },
    });
    expect(server.requests.find((r) => r.path === "/v1/batches")?.body).toMatchObject({
      endpoint: "/v1/embeddings",
    });
    server.setBatchBehaviour({ statuses: ["completed"] });
    expect((await batch.getStatus(id)).status).toBe("completed");
    const results = new Map((await batch.getResults(id)).map((r) => [r.id, r]));
    expect(results.get("e1")).toEqual({
      id: "e1",
      status: "succeeded",
      vector: fakeEmbedding("abcd"),
      inputTokens: 4,
      outputTokens: 0,
    });
    expect(results.get("e2")?.vector).toEqual(fakeEmbedding("ab"));
  });

  it("rejects mixed, empty and duplicate batches before calling the API", async () => {
    const { batch } = provider();
    const mixed = [
      { id: "x", prompt: "p" },
      { id: "y", prompt: "p", kind: "embedding" as const },
    ];
    await expect(batch.submit("m", mixed)).rejects.toBeInstanceOf(AIInvalidRequestError);
    await expect(batch.submit("m", [])).rejects.toBeInstanceOf(AIInvalidRequestError);
    const dup = [
      { id: "x", prompt: "p" },
      { id: "x", prompt: "q" },
    ];
    await expect(batch.submit("m", dup)).rejects.toBeInstanceOf(AIInvalidRequestError);
    expect(server.requests).toHaveLength(0);
  });

  it("cancels: cancelling → cancelled without output is failed, with every request failed", async () => {
    const { batch } = provider();
    const { id } = await batch.submit("m", [
      { id: "a", prompt: "x" },
      { id: "b", prompt: "y" },
    ]);
    await batch.cancel(id);
    expect(server.requests.at(-1)).toMatchObject({
      method: "POST",
      path: `/v1/batches/${id}/cancel`,
    });
    expect(await batch.getStatus(id)).toMatchObject({
      status: "processing",
      providerStatus: "cancelling",
    });
    expect(await batch.getStatus(id)).toMatchObject({
      status: "failed",
      providerStatus: "cancelled",
      counts: { total: 2, succeeded: 0, failed: 2, processing: 0 },
    });
    const results = await batch.getResults(id);
    expect(results).toHaveLength(2);
    expect(results.every((r) => r.status === "failed" && r.error === "cancelled")).toBe(true);
  });

  it("throws BatchNotReadyError for results before the batch is terminal", async () => {
    const { batch } = provider();
    const { id } = await batch.submit("m", [{ id: "a", prompt: "x" }]);
    const error = await batch.getResults(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchNotReadyError);
    expect(error).toMatchObject({ code: "AI_BATCH_NOT_READY", retryable: true });
  });

  it("returns no results for a failed batch without files", async () => {
    server.setBatchBehaviour({ statuses: ["failed"] });
    const { batch } = provider();
    const { id } = await batch.submit("m", [{ id: "a", prompt: "x" }]);
    expect(await batch.getStatus(id)).toMatchObject({ status: "failed", providerStatus: "failed" });
    await expect(batch.getResults(id)).resolves.toEqual([]);
  });

  it("maps a 404 on a batch to BatchNotFoundError", async () => {
    const error = await provider()
      .batch.getStatus("batch_missing")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchNotFoundError);
    expect(error).toMatchObject({
      code: "AI_BATCH_NOT_FOUND",
      batchId: "batch_missing",
      retryable: false,
    });
  });
});
