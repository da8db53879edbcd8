/**
 * Google end to end on the kernel: text and structured-output (`responseJsonSchema`) requests
 * through the real `@google/genai` SDK on the loopback fake (batch jobs with inline requests),
 * and a stage that cancels its batch.
 */
import { googleProvider } from "@stageflow/ai-google";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type FakeGoogleServer,
  startFakeGoogleServer,
} from "../../../packages/ai-google/test/fake-google-server";
import { clearGoogleEnv } from "../../../packages/ai-google/test/google-env";
import { type E2EVendor, expectBatchCompletes, expectCancelledBatchFails } from "./batch-scenarios";
import { BOGUS, CLASSIFY_TEXTS, classifyOutcome, REPLY, STRUCTURED, VERDICT } from "./classify-run";

const API_KEY = "AIza-e2e-google-never-logged-5b7e";
const MODEL = "gemini-2.5-flash";
/** Thinking tokens the fake reports per answer; Gemini bills them as output. */
const THOUGHTS = 3;

let server: FakeGoogleServer;

beforeAll(async () => {
  clearGoogleEnv();
  server = await startFakeGoogleServer({
    // JSON for object requests; the "bogus" one gets an object that does not match the schema.
    reply: (body) => {
      const json = JSON.stringify(body);
      if (!json.includes("responseMimeType")) return REPLY;
      return JSON.stringify(json.includes("bogus") ? BOGUS : VERDICT);
    },
    thoughtsTokens: THOUGHTS,
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setBatchBehaviour({ states: ["PENDING", "RUNNING", "SUCCEEDED"] });
});

const google: E2EVendor = {
  provider: "google",
  model: MODEL,
  apiKey: API_KEY,
  createProvider: () => googleProvider({ apiKey: API_KEY, baseURL: server.url, timeout: 5000 }),
  workflow: {
    id: "ask-google",
    name: "Ask Gemini",
    description: "Prompts answered through a Gemini batch job",
  },
  texts: CLASSIFY_TEXTS,
  batchIdPattern: /^batches\//,
  wire: () => server.requests,
  authorized: (headers) => headers["x-goog-api-key"] === API_KEY,
};

type Inline = { request: unknown; metadata: { key: string } };
type Create = { batch: { inputConfig: { requests: { requests: Inline[] } } } };
/** Output tokens of an answer: its text plus the thinking tokens. */
const billed = (answer: string) => answer.length + THOUGHTS;

describe("google async-batch stage on the kernel", () => {
  it("suspends, resumes through stage.pollSuspended and bills the run at batch prices", async () => {
    await expectBatchCompletes(google, {
      prices: { input: 0.3, output: 2.5 },
      expected: classifyOutcome({
        failure: "fake failure",
        outputTokens: {
          reply: billed(REPLY),
          verdict: billed(JSON.stringify(VERDICT)),
          bogus: billed(JSON.stringify(BOGUS)),
        },
      }),
      checkSubmitted: (wire) => {
        const create = wire.find((r) => r.path.endsWith(`${MODEL}:batchGenerateContent`));
        const inline = (create?.body as Create | undefined)?.batch.inputConfig.requests.requests;
        const structured = (r: Inline) => JSON.stringify(r.request).includes("responseJsonSchema");
        expect((inline ?? []).map((r) => [r.metadata.key, structured(r)])).toEqual(STRUCTURED);
      },
    });
  });

  it("a stage that gives up cancels its batch: the run fails with BATCH_FAILED and costs nothing", async () => {
    // Pending after 60 s: cancel. Then running (processing), then cancelled: failed.
    await expectCancelledBatchFails(google, {
      cancelPath: (batchId) => `/v1beta/${batchId}:cancel`,
      runningPollsAfterCancel: 1,
      providerStatus: "JOB_STATE_CANCELLED",
    });
  });
});
