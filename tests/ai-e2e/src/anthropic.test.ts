/**
 * Anthropic end to end on the kernel: text and structured-output (forced tool) requests through
 * the real `@anthropic-ai/sdk` on the loopback fake (Message Batches), and a stage that cancels
 * its batch.
 */
import { anthropicProvider } from "@stageflow/ai-anthropic";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type FakeAnthropicServer,
  startFakeAnthropicServer,
} from "../../../packages/ai-anthropic/test/fake-anthropic-server";
import { type E2EVendor, expectBatchCompletes, expectCancelledBatchFails } from "./batch-scenarios";
import { BOGUS, CLASSIFY_TEXTS, classifyOutcome, REPLY, STRUCTURED, VERDICT } from "./classify-run";

const API_KEY = "sk-ant-e2e-never-logged-9c1d";
/** The fake answers a forced tool with 7 output tokens. */
const TOOL_TOKENS = 7;

let server: FakeAnthropicServer;

beforeAll(async () => {
  delete process.env.ANTHROPIC_BASE_URL;
  delete process.env.ANTHROPIC_CUSTOM_HEADERS;
  server = await startFakeAnthropicServer({
    reply: () => REPLY,
    toolInput: (body) => (JSON.stringify(body).includes("bogus") ? BOGUS : VERDICT),
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setBatchBehaviour({ phases: ["pending", "processing", "ended"] });
});

const anthropic: E2EVendor = {
  provider: "anthropic",
  model: "claude-haiku-4-5",
  apiKey: API_KEY,
  createProvider: () => anthropicProvider({ apiKey: API_KEY, baseURL: server.url, maxRetries: 0 }),
  workflow: {
    id: "ask-anthropic",
    name: "Ask Anthropic",
    description: "Prompts answered through Message Batches",
  },
  texts: CLASSIFY_TEXTS,
  batchIdPattern: /^msgbatch_/,
  wire: () => server.requests,
  authorized: (h) => h["x-api-key"] === API_KEY || h.authorization === `Bearer ${API_KEY}`,
};

type Create = { requests: Array<{ custom_id: string; params: Record<string, unknown> }> };

describe("anthropic async-batch stage on the kernel", () => {
  it("suspends, resumes through stage.pollSuspended and bills the run at batch prices", async () => {
    await expectBatchCompletes(anthropic, {
      prices: { input: 1, output: 5 },
      expected: classifyOutcome({
        failure: "invalid_request_error: fake failure",
        outputTokens: { reply: REPLY.length, verdict: TOOL_TOKENS, bogus: TOOL_TOKENS },
      }),
      checkSubmitted: (wire) => {
        const sent = wire.find((r) => r.path === "/v1/messages/batches")?.body as Create;
        expect(sent.requests.map((r) => [r.custom_id, "tool_choice" in r.params])).toEqual(
          STRUCTURED,
        );
      },
    });
  });

  it("a stage that gives up cancels its batch: the run fails with BATCH_FAILED and costs nothing", async () => {
    // Pending after 60 s: cancel. Then ended with every request canceled: failed.
    await expectCancelledBatchFails(anthropic, {
      cancelPath: (batchId) => `/v1/messages/batches/${batchId}/cancel`,
      runningPollsAfterCancel: 0,
      providerStatus: "ended",
    });
  });
});
