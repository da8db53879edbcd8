/**
 * End to end on the kernel: a workflow whose async-batch stage submits text and structured-output
 * requests through the real `@google/genai` SDK to the loopback fake (batch jobs with inline
 * requests), suspends, is resumed by `stage.pollSuspended` on a FakeClock, and completes with the
 * run's cost equal to the sum of its calls at batch prices. Plus a stage that gives up and cancels
 * its batch.
 */
import { createAIHelper, createInMemoryAICallLogger, getModel } from "@stageflow/ai";
import { defineAsyncBatchStage, defineStage, WorkflowBuilder } from "@stageflow/core";
import { createTestKernel, type TestKernel } from "@stageflow/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { googleProvider } from "../src/index";
import { executeNextJob, flushOutbox, persistedText, pollAfter } from "./e2e-kernel-steps";
import { type FakeGoogleServer, startFakeGoogleServer } from "./fake-google-server";
import { clearGoogleEnv } from "./google-env";

const API_KEY = "AIza-e2e-google-never-logged-5b7e";
const MODEL = "gemini-2.5-flash";
const PRICES = { input: 0.3, output: 2.5 };
const REPLY = "Durable workflows survive crashes.";
const VERDICT = '{"topic":"workflows","durable":true}';
/** Thinking tokens the fake reports per answer; Gemini bills them as output. */
const THOUGHTS = 3;
const POLL = 60_000;
const MAX_WAIT = 24 * 3_600_000;
const TEXTS = [
  "  What is a durable workflow?  ",
  "",
  "Please fail this one",
  "Classify: workflows that survive crashes",
  "Classify: bogus",
];
/** What `prepare` makes of TEXTS: blank texts dropped, the rest trimmed and numbered. */
const PROMPTS = {
  q0: "What is a durable workflow?",
  q1: "Please fail this one",
  q2: "Classify: workflows that survive crashes",
  q3: "Classify: bogus",
} as const;

const Verdict = z.object({ topic: z.string(), durable: z.boolean() });
const Request = z.object({ id: z.string(), prompt: z.string(), kind: z.enum(["text", "object"]) });
const Requests = z.object({ requests: z.array(Request) });
const Result = z.object({
  id: z.string(),
  status: z.enum(["succeeded", "failed"]),
  value: z.union([z.string(), Verdict]).nullable(),
  error: z.string().nullable(),
  rawText: z.string().nullable(),
});
const Output = z.object({ results: z.array(Result) });
const AskConfig = z.object({
  /** Cancel the batch when it is still running this long after submission. */
  cancelAfterMs: z.number().positive().optional(),
});

let server: FakeGoogleServer;

beforeAll(async () => {
  clearGoogleEnv();
  server = await startFakeGoogleServer({
    // JSON for object requests; the "bogus" one gets an object that does not match Verdict.
    reply: (body) => {
      const json = JSON.stringify(body);
      if (!json.includes("responseMimeType")) return REPLY;
      return json.includes("bogus") ? '{"topic":42}' : VERDICT;
    },
    thoughtsTokens: THOUGHTS,
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setBatchBehaviour({ states: ["PENDING", "RUNNING", "SUCCEEDED"] });
});

/** A test kernel running `prepare` (sync) → `ask` (async batch on the fake Gemini API). */
function setup() {
  const aiLogger = createInMemoryAICallLogger();
  // A new provider (and SDK client) per helper, as a restarted worker would build it.
  const ai = (ctx: { workflowRunId: string; stageId: string }) =>
    createAIHelper(`ask.${ctx.workflowRunId}`, aiLogger, {
      providers: {
        google: googleProvider({ apiKey: API_KEY, baseURL: server.url, timeout: 5000 }),
      },
      stage: ctx,
    });

  const prepare = defineStage({
    id: "prepare",
    name: "Prepare prompts",
    schemas: {
      input: z.object({ texts: z.array(z.string()) }),
      output: Requests,
      config: z.object({}),
    },
    async execute(ctx) {
      const prompts = ctx.input.texts.map((t) => t.trim()).filter((t) => t !== "");
      const requests = prompts.map((prompt, i) => ({
        id: `q${i}`,
        prompt,
        kind: prompt.startsWith("Classify:") ? ("object" as const) : ("text" as const),
      }));
      return { output: { requests } };
    },
  });
  const ask = defineAsyncBatchStage({
    id: "ask",
    name: "Ask in a batch",
    mode: "async-batch",
    schemas: { input: Requests, output: Output, config: AskConfig },
    async execute(ctx) {
      const handle = await ai(ctx)
        .batch(MODEL, "google")
        .submit(
          ctx.input.requests.map(({ id, prompt, kind }) =>
            kind === "object" ? { id, prompt, schema: Verdict } : { id, prompt },
          ),
        );
      const now = t.clock.now();
      return {
        suspended: true,
        state: {
          batchId: handle.id,
          submittedAt: now.toISOString(),
          pollInterval: POLL,
          maxWaitTime: MAX_WAIT,
          metadata: handle.metadata,
        },
        pollConfig: {
          pollInterval: POLL,
          maxWaitTime: MAX_WAIT,
          nextPollAt: new Date(now.getTime() + POLL),
        },
      };
    },
    async checkCompletion(state, ctx) {
      const batch = ai(ctx).batch<string | z.output<typeof Verdict>>(MODEL, "google");
      const { status, providerStatus } = await batch.getStatus(state.batchId);
      if (status === "failed") {
        return { ready: false, error: `batch ${state.batchId} failed (${providerStatus})` };
      }
      if (status !== "completed") {
        const waited = t.clock.now().getTime() - Date.parse(state.submittedAt);
        const { cancelAfterMs } = ctx.config;
        if (cancelAfterMs !== undefined && waited >= cancelAfterMs) {
          if (!(await ctx.storage.exists("cancelRequested"))) {
            await batch.cancel(state.batchId);
            await ctx.storage.save("cancelRequested", true);
          }
        }
        return { ready: false, nextCheckIn: POLL };
      }
      // The JSON Schemas kept in the metadata validate the object results (as after a restart).
      const results = await batch.getResults(state.batchId, state.metadata);
      // Kept in arrival order: the fake returns results unordered; readers match them by id.
      const items = results.map((r) => ({
        id: r.id,
        status: r.status,
        value: r.result ?? null,
        error: r.error ?? null,
        rawText: r.rawText ?? null,
      }));
      return { ready: true, output: { results: items } };
    },
  });
  const workflow = new WorkflowBuilder(
    "ask-google",
    "Ask Gemini",
    "Prompts answered through a Gemini batch job",
    z.object({ texts: z.array(z.string()) }),
    Output,
  )
    .pipe(prepare)
    .pipe(ask)
    .build();
  const t: TestKernel = createTestKernel({ workflows: [workflow] });
  /** Another worker over the same stores: what resumes the run after a restart. */
  const restart = () =>
    createTestKernel({
      workflows: [workflow],
      persistence: t.persistence,
      jobTransport: t.jobTransport,
      blobStore: t.blobStore,
      clock: t.clock,
      eventSink: t.eventSink,
      workerId: "worker-2",
    });
  return { t, aiLogger, restart };
}

/** run.create → run.claimPending → job.execute(prepare) → job.execute(ask): suspended. */
async function startUntilSuspended(t: TestKernel, config: z.input<typeof AskConfig> = {}) {
  const { workflowRunId } = await t.kernel.dispatch({
    type: "run.create",
    workflowId: "ask-google",
    input: { texts: TEXTS },
    config: { ask: config },
  });
  await t.kernel.dispatch({ type: "run.claimPending", workerId: t.workerId });
  expect(await executeNextJob(t)).toMatchObject({ stageId: "prepare", outcome: "completed" });
  expect(await executeNextJob(t)).toMatchObject({ stageId: "ask", outcome: "suspended" });
  const stage = await t.persistence.getStage(workflowRunId, "ask");
  expect(stage).toMatchObject({
    status: "SUSPENDED",
    nextPollAt: new Date(t.clock.now().getTime() + POLL),
  });
  const state = stage?.suspendedState as { batchId: string; metadata: { aiBatch: unknown } };
  expect(state.batchId).toMatch(/^batches\//);
  expect(state.metadata.aiBatch).toMatchObject({ batchId: state.batchId, provider: "google" });
  // Not due yet: nothing is checked before the clock reaches nextPollAt.
  expect(await t.kernel.dispatch({ type: "stage.pollSuspended" })).toMatchObject({ checked: 0 });
  return { workflowRunId, batchId: state.batchId };
}

describe("google async-batch stage on the kernel", () => {
  it("suspends, resumes through stage.pollSuspended and bills the run at batch prices", async () => {
    const { t: first, aiLogger, restart } = setup();
    const { workflowRunId, batchId } = await startUntilSuspended(first);
    type Inline = { request: unknown; metadata: { key: string } };
    type Create = { batch: { inputConfig: { requests: { requests: Inline[] } } } };
    const create = server.requests.find((r) => r.path.endsWith(`${MODEL}:batchGenerateContent`));
    const inline = (create?.body as Create | undefined)?.batch.inputConfig.requests.requests ?? [];
    expect(
      inline.map((r) => [r.metadata.key, JSON.stringify(r.request).includes("responseJsonSchema")]),
    ).toEqual([
      ["q0", false],
      ["q1", false],
      ["q2", true],
      ["q3", true],
    ]);
    const t = restart();

    // The fake walks PENDING → RUNNING → SUCCEEDED, one step per status read.
    expect(await pollAfter(t, POLL)).toMatchObject({ checked: 1, resumed: 0, failed: 0 });
    expect(await pollAfter(t, POLL)).toMatchObject({ checked: 1, resumed: 0, failed: 0 });
    expect(await t.persistence.getStage(workflowRunId, "ask")).toMatchObject({
      status: "SUSPENDED",
      cost: 0,
    });
    expect(await pollAfter(t, POLL)).toEqual({
      checked: 1,
      resumed: 1,
      failed: 0,
      resumedWorkflowRunIds: [workflowRunId],
    });
    await flushOutbox(t);

    const run = await t.persistence.getRun(workflowRunId);
    expect(run?.status).toBe("COMPLETED");
    const output = Output.parse(run?.output);
    expect(output.results.map((r) => r.id)).not.toEqual(["q0", "q1", "q2", "q3"]);
    const byId = new Map(output.results.map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual(["q0", "q1", "q2", "q3"]);
    expect(byId.get("q0")).toEqual({
      id: "q0",
      status: "succeeded",
      value: REPLY,
      error: null,
      rawText: null,
    });
    expect(byId.get("q1")).toEqual({
      id: "q1",
      status: "failed",
      value: null,
      error: "fake failure",
      rawText: null,
    });
    expect(byId.get("q2")).toEqual({
      id: "q2",
      status: "succeeded",
      value: { topic: "workflows", durable: true },
      error: null,
      rawText: null,
    });
    expect(byId.get("q3")).toMatchObject({
      id: "q3",
      status: "failed",
      value: null,
      rawText: '{"topic":42}',
    });

    // One record per request, attributed to the run and stage, at the batch price. The object
    // that failed validation was still answered, so it is billed; thinking tokens count as output.
    const usage = {
      q0: { inputTokens: PROMPTS.q0.length, outputTokens: REPLY.length + THOUGHTS },
      q1: { inputTokens: 0, outputTokens: 0 },
      q2: { inputTokens: PROMPTS.q2.length, outputTokens: VERDICT.length + THOUGHTS },
      q3: { inputTokens: PROMPTS.q3.length, outputTokens: '{"topic":42}'.length + THOUGHTS },
    };
    const records = [...aiLogger.records].sort((a, b) =>
      String(a.requestId).localeCompare(String(b.requestId)),
    );
    expect(records.map((r) => [r.requestId, r.status, r.inputTokens, r.outputTokens])).toEqual(
      Object.entries(usage).map(([id, u]) => [
        id,
        id === "q1" || id === "q3" ? "failed" : "succeeded",
        u.inputTokens,
        u.outputTokens,
      ]),
    );
    for (const record of records) {
      expect(record).toMatchObject({
        topic: `ask.${workflowRunId}`,
        provider: "google",
        model: MODEL,
        kind: "batch",
        batch: true,
        batchId,
        workflowRunId,
        stageId: "ask",
      });
    }

    // The expected bill, from the price table by hand: half the standard price per token.
    expect(getModel(MODEL)).toMatchObject({
      inputPricePerMillion: PRICES.input,
      outputPricePerMillion: PRICES.output,
    });
    const billed = Object.values(usage);
    const tokens = billed.reduce((n, u) => n + u.inputTokens + u.outputTokens, 0);
    const cost = billed.reduce(
      (n, u) => n + ((u.inputTokens * PRICES.input + u.outputTokens * PRICES.output) / 1e6) * 0.5,
      0,
    );
    expect(cost).toBeGreaterThan(0);
    const recordedCost = records.reduce((n, r) => n + r.cost, 0);
    expect(recordedCost).toBeCloseTo(cost, 12);
    expect(run?.totalCost).toBeCloseTo(recordedCost, 12);
    expect(run?.totalCost).toBeCloseTo(cost, 12);
    expect(run?.totalTokens).toBe(records.reduce((n, r) => n + r.inputTokens + r.outputTokens, 0));
    expect(run?.totalTokens).toBe(tokens);
    const askStage = await t.persistence.getStage(workflowRunId, "ask");
    expect(askStage).toMatchObject({
      status: "COMPLETED",
      suspendedState: null,
      inputTokens: billed.reduce((n, u) => n + u.inputTokens, 0),
      outputTokens: billed.reduce((n, u) => n + u.outputTokens, 0),
    });
    expect(askStage?.cost).toBeCloseTo(cost, 12);

    const [completed, ...more] = t.eventSink.ofType("workflow:completed");
    expect(more).toHaveLength(0);
    expect(completed).toMatchObject({
      workflowRunId,
      totalCost: run?.totalCost,
      totalTokens: run?.totalTokens,
      output: run?.output,
    });
    expect(completed?.totalCost).toBeCloseTo(cost, 12);

    // The key went over the wire, and nowhere else.
    expect(server.requests.every((r) => r.headers["x-goog-api-key"] === API_KEY)).toBe(true);
    const persisted = await persistedText(t, workflowRunId, aiLogger.records);
    expect(persisted).toContain(batchId);
    expect(persisted).not.toContain(API_KEY);
  });

  it("a stage that gives up cancels its batch: the run fails with BATCH_FAILED and costs nothing", async () => {
    const { t, aiLogger } = setup();
    const { workflowRunId, batchId } = await startUntilSuspended(t, { cancelAfterMs: POLL });
    const cancels = () => server.requests.filter((r) => r.path === `/v1beta/${batchId}:cancel`);

    // Pending after 60 s: cancel. Then running (processing), then cancelled: failed.
    expect(await pollAfter(t, POLL)).toMatchObject({ checked: 1, resumed: 0, failed: 0 });
    expect(cancels()).toHaveLength(1);
    expect(await pollAfter(t, POLL)).toMatchObject({ checked: 1, resumed: 0, failed: 0 });
    expect(await pollAfter(t, POLL)).toMatchObject({ checked: 1, resumed: 0, failed: 1 });
    expect(cancels()).toHaveLength(1);
    await flushOutbox(t);

    const run = await t.persistence.getRun(workflowRunId);
    expect(run).toMatchObject({ status: "FAILED", totalCost: 0, totalTokens: 0 });
    expect(run?.error).toMatchObject({ code: "BATCH_FAILED", stageId: "ask" });
    expect(run?.error?.message).toContain(`batch ${batchId} failed (JOB_STATE_CANCELLED)`);
    expect(await t.persistence.getStage(workflowRunId, "ask")).toMatchObject({ status: "FAILED" });
    expect(t.eventSink.ofType("workflow:failed")).toMatchObject([
      { workflowRunId, error: { code: "BATCH_FAILED" } },
    ]);
    expect(aiLogger.records).toHaveLength(0);
    expect(await persistedText(t, workflowRunId, aiLogger.records)).not.toContain(API_KEY);
  });
});
