import { offlineProvider } from "@stageflow/ai";
import { openaiProvider } from "@stageflow/ai-openai";
import { afterEach, describe, expect, it } from "vitest";
import {
  type FakeOpenAIServer,
  fakeEmbedding,
  startFakeOpenAIServer,
} from "../../../packages/ai-openai/test/fake-openai-server";
import { runBatchEmbeddings } from "../src/run-batch-embeddings";

const TEXTS = [
  { id: "tides", text: "The tide comes in twice a day, pulled by the moon." },
  { id: "moon", text: "The moon pulls the sea and the harbour fills with the tide." },
  { id: "bread", text: "Bread rises slowly in a warm kitchen." },
];

type Output = {
  model: string;
  dimensions: number;
  nearest: { id: string; nearest: string; similarity: number }[];
};

describe("an async-batch embedding stage", () => {
  let server: FakeOpenAIServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("runs on the offline provider by default", async () => {
    const result = await runBatchEmbeddings({
      filename: ":memory:",
      setup: {
        providers: [offlineProvider({ batchDelayMs: 200 })],
        model: "offline-embed",
        pollMs: 100,
      },
      texts: TEXTS,
    });
    expect(result.status).toBe("COMPLETED");
    const output = result.output as Output;
    expect(output).toMatchObject({ model: "offline-embed", dimensions: 256 });
    expect(output.nearest.find((n) => n.id === "tides#0")?.nearest).toBe("moon#0");
    expect(result.totalTokens).toBeGreaterThan(0);
  });

  it("suspends on OpenAI's Batch API (a loopback fake) and resumes with the results", async () => {
    server = await startFakeOpenAIServer();
    const result = await runBatchEmbeddings({
      filename: ":memory:",
      setup: {
        providers: [openaiProvider({ apiKey: "sk-test-not-a-real-key", baseURL: server.url })],
        model: "text-embedding-3-small",
        pollMs: 100,
      },
      texts: TEXTS,
    });
    expect(result.status).toBe("COMPLETED");
    const output = result.output as Output;
    // The fake's vectors are 3-dimensional functions of the text length.
    expect(output).toMatchObject({ model: "text-embedding-3-small", dimensions: 3 });
    expect(fakeEmbedding("x")).toHaveLength(3);

    // One batch on the embeddings endpoint: a JSONL file uploaded, the batch created, then polled
    // through validating → in_progress → completed before the results file was read.
    const paths = server.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths).toContain("POST /v1/files");
    expect(paths.filter((p) => p === "POST /v1/batches")).toHaveLength(1);
    expect(paths.filter((p) => p.startsWith("GET /v1/batches/")).length).toBeGreaterThanOrEqual(3);
    expect(paths.some((p) => /^GET \/v1\/files\/.+\/content$/.test(p))).toBe(true);
    const created = server.requests.find((r) => r.path === "/v1/batches");
    expect(created?.body).toMatchObject({ endpoint: "/v1/embeddings" });

    // Tokens and the batch-priced cost rolled up into the run.
    expect(result.totalTokens).toBeGreaterThan(0);
    expect(result.totalCost).toBeGreaterThan(0);
    // The key never reached the run's state: only the Authorization header carried it.
    expect(JSON.stringify(result)).not.toContain("sk-test");
  });
});
