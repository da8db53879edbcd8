import Anthropic from "@anthropic-ai/sdk";
import {
  AIInvalidRequestError,
  BatchNotFoundError,
  BatchNotReadyError,
  UnsupportedCapabilityError,
} from "@stageflow/ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expectResultsById } from "../../ai/test/expect-batch-results";
import { anthropicProvider } from "../src/index";
import { type FakeAnthropicServer, startFakeAnthropicServer } from "./fake-anthropic-server";

let server: FakeAnthropicServer;
const provider = () =>
  anthropicProvider({
    client: new Anthropic({ apiKey: "test", baseURL: server.url, maxRetries: 0, timeout: 5000 }),
  });

beforeAll(async () => {
  delete process.env.ANTHROPIC_BASE_URL;
  delete process.env.ANTHROPIC_CUSTOM_HEADERS;
  server = await startFakeAnthropicServer({
    reply: () => "batch answer",
    toolInput: () => ({ ok: true }),
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setBatchBehaviour({ phases: ["pending", "processing", "ended"] });
});

describe("anthropic batch", () => {
  it("walks pending → processing → completed and returns mixed results matched by id", async () => {
    const { batch } = provider();
    const { id } = await batch.submit("claude-haiku-4-5", [
      { id: "a", prompt: "first", maxTokens: 10 },
      { id: "b", prompt: "please fail" },
      { id: "c", prompt: "third", kind: "object", jsonSchema: { type: "object" }, schemaName: "S" },
    ]);
    expect(id).toMatch(/^msgbatch_/);
    const sent = server.requests[0]?.body as {
      requests: Array<{ custom_id: string; params: unknown }>;
    };
    expect(sent.requests.map((r) => r.custom_id)).toEqual(["a", "b", "c"]);
    expect(sent.requests[0]?.params).toEqual({
      model: "claude-haiku-4-5",
      max_tokens: 10,
      messages: [{ role: "user", content: "first" }],
    });
    expect(sent.requests[2]?.params).toMatchObject({ tool_choice: { type: "tool", name: "S" } });

    expect(await batch.getStatus(id)).toMatchObject({
      status: "pending",
      providerStatus: "in_progress",
    });
    expect(await batch.getStatus(id)).toEqual({
      status: "processing",
      counts: { total: 3, succeeded: 1, failed: 0, processing: 2 },
      providerStatus: "in_progress",
    });
    expect(await batch.getStatus(id)).toEqual({
      status: "completed",
      counts: { total: 3, succeeded: 2, failed: 1, processing: 0 },
      providerStatus: "ended",
    });

    expectResultsById(await batch.getResults(id), {
      a: { status: "succeeded", text: "batch answer", inputTokens: 5, outputTokens: 12 },
      b: {
        status: "failed",
        error: "invalid_request_error: fake failure",
        inputTokens: 0,
        outputTokens: 0,
      },
      c: { status: "succeeded", text: '{"ok":true}', inputTokens: 5, outputTokens: 7 },
    });
    const download = server.requests.find((r) => r.path.endsWith("/results"));
    expect(download?.headers.accept).toBe("application/binary");
  });

  it("reports pending before any request finished, and results are not ready", async () => {
    const { batch } = provider();
    const { id } = await batch.submit("m", [{ id: "a", prompt: "x" }]);
    expect(await batch.getStatus(id)).toMatchObject({
      status: "pending",
      counts: { total: 1, succeeded: 0, failed: 0, processing: 1 },
    });
    const error = await batch.getResults(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchNotReadyError);
    expect(error).toMatchObject({ code: "AI_BATCH_NOT_READY", retryable: true });
  });

  it("cancels: canceling, then ended with every request canceled is failed", async () => {
    const { batch } = provider();
    const { id } = await batch.submit("m", [
      { id: "a", prompt: "x" },
      { id: "b", prompt: "y" },
    ]);
    await batch.cancel(id);
    expect(server.requests.at(-1)).toMatchObject({
      method: "POST",
      path: `/v1/messages/batches/${id}/cancel`,
    });
    expect(await batch.getStatus(id)).toMatchObject({
      status: "failed",
      providerStatus: "ended",
      counts: { total: 2, succeeded: 0, failed: 2, processing: 0 },
    });
    const results = await batch.getResults(id);
    expect(results.map((r) => [r.id, r.status, r.error]).sort()).toEqual([
      ["a", "failed", "canceled"],
      ["b", "failed", "canceled"],
    ]);
  });

  it("rejects embeddings, bad ids, duplicates and empty batches before calling the API", async () => {
    const { batch } = provider();
    await expect(
      batch.submit("m", [{ id: "a", prompt: "x", kind: "embedding" }]),
    ).rejects.toBeInstanceOf(UnsupportedCapabilityError);
    await expect(batch.submit("m", [{ id: "a b", prompt: "x" }])).rejects.toBeInstanceOf(
      AIInvalidRequestError,
    );
    const dup = [
      { id: "a", prompt: "x" },
      { id: "a", prompt: "y" },
    ];
    await expect(batch.submit("m", dup)).rejects.toBeInstanceOf(AIInvalidRequestError);
    await expect(batch.submit("m", [])).rejects.toBeInstanceOf(AIInvalidRequestError);
    expect(server.requests).toHaveLength(0);
  });

  it("follows a relative results_url", async () => {
    const relative = await startFakeAnthropicServer({ relativeResultsUrl: true });
    try {
      const client = new Anthropic({
        apiKey: "test",
        baseURL: relative.url,
        maxRetries: 0,
        timeout: 5000,
      });
      const { batch } = anthropicProvider({ client });
      relative.setBatchBehaviour({ phases: ["ended"] });
      const { id } = await batch.submit("m", [{ id: "a", prompt: "x" }]);
      expect((await batch.getStatus(id)).status).toBe("completed");
      expect(await batch.getResults(id)).toEqual([
        { id: "a", status: "succeeded", text: "echo: x", inputTokens: 1, outputTokens: 7 },
      ]);
    } finally {
      await relative.close();
    }
  });

  it("maps a 404 on a batch to BatchNotFoundError", async () => {
    const error = await provider()
      .batch.getStatus("msgbatch_missing")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchNotFoundError);
    expect(error).toMatchObject({ code: "AI_BATCH_NOT_FOUND", batchId: "msgbatch_missing" });
  });
});
