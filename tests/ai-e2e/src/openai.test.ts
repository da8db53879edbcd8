/**
 * OpenAI end to end on the kernel: chat and embedding batches through the real `openai` SDK on
 * the loopback fake (JSONL file upload + Batch API), and a stage that cancels its batch.
 */
import { openaiProvider } from "@stageflow/ai-openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type FakeOpenAIServer,
  fakeEmbedding,
  startFakeOpenAIServer,
} from "../../../packages/ai-openai/test/fake-openai-server";
import { type E2EVendor, expectBatchCompletes, expectCancelledBatchFails } from "./batch-scenarios";
import { REPLY } from "./classify-run";

const API_KEY = "sk-e2e-openai-never-logged-7f3a";

/** `prepare` drops the blank text and trims the rest: q0, q1 (fails on the fake), q2. */
const TEXTS = ["  What is a durable workflow?  ", "", "Please fail this one", "Why batch at all?"];
const Q0 = "What is a durable workflow?";
const Q2 = "Why batch at all?";
const FAILED = {
  status: "failed",
  error: "fake failure",
  inputTokens: 0,
  outputTokens: 0,
} as const;

let server: FakeOpenAIServer;

beforeAll(async () => {
  delete process.env.OPENAI_BASE_URL;
  server = await startFakeOpenAIServer({ reply: () => REPLY });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setBatchBehaviour({ statuses: ["validating", "in_progress", "completed"] });
});

const openai = (model = "gpt-4o-mini"): E2EVendor => ({
  provider: "openai",
  model,
  apiKey: API_KEY,
  createProvider: () => openaiProvider({ apiKey: API_KEY, baseURL: server.url, maxRetries: 0 }),
  workflow: {
    id: "ask-openai",
    name: "Ask OpenAI",
    description: "Prompts answered through the Batch API",
  },
  texts: TEXTS,
  batchIdPattern: /^batch_/,
  wire: () => server.requests,
  authorized: (headers) => headers.authorization === `Bearer ${API_KEY}`,
});

const chat = (prompt: string) => ({
  status: "succeeded" as const,
  value: REPLY,
  inputTokens: prompt.length,
  outputTokens: REPLY.length,
});
const embedding = (prompt: string) => ({
  status: "succeeded" as const,
  value: fakeEmbedding(prompt),
  inputTokens: prompt.length,
  outputTokens: 0,
});

const CASES = [
  {
    kind: "chat completions",
    model: "gpt-4o-mini",
    prices: { input: 0.15, output: 0.6 },
    endpoint: "/v1/chat/completions",
    expected: { q0: chat(Q0), q1: FAILED, q2: chat(Q2) },
  },
  {
    kind: "embeddings",
    model: "text-embedding-3-small",
    prices: { input: 0.02, output: 0 },
    endpoint: "/v1/embeddings",
    expected: { q0: embedding(Q0), q1: FAILED, q2: embedding(Q2) },
  },
];

describe("openai async-batch stage on the kernel", () => {
  it.each(CASES)(
    "$kind: suspends, resumes through stage.pollSuspended and bills the run at batch prices",
    async ({ model, prices, endpoint, expected }) => {
      await expectBatchCompletes(openai(model), {
        prices,
        expected,
        checkSubmitted: (wire) =>
          expect(wire.find((r) => r.path === "/v1/batches")?.body).toMatchObject({ endpoint }),
      });
    },
  );

  it("a stage that gives up cancels its batch: the run fails with BATCH_FAILED and costs nothing", async () => {
    // validating, waited 60 s: cancel. Then cancelling (processing), then cancelled: failed.
    await expectCancelledBatchFails(openai(), {
      cancelPath: (batchId) => `/v1/batches/${batchId}/cancel`,
      runningPollsAfterCancel: 1,
      providerStatus: "cancelled",
    });
  });
});
