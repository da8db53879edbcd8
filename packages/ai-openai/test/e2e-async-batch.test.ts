/**
 * End to end on the kernel: a workflow whose async-batch stage submits chat or embedding requests
 * through the real `openai` SDK to the loopback fake, suspends, is resumed by
 * `stage.pollSuspended` on a FakeClock, and completes with the run's cost equal to the sum of its
 * calls at batch prices. Plus a stage that gives up and cancels its batch.
 */
import { createAIHelper, createInMemoryAICallLogger, getModel } from "@stageflow/ai";
import { defineAsyncBatchStage, defineStage, WorkflowBuilder } from "@stageflow/core";
import { createTestKernel, type TestKernel } from "@stageflow/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { openaiProvider } from "../src/index";
import { executeNextJob, flushOutbox, persistedText, pollAfter } from "./e2e-kernel-steps";
import { type FakeOpenAIServer, fakeEmbedding, startFakeOpenAIServer } from "./fake-openai-server";

const API_KEY = "sk-e2e-openai-never-logged-7f3a";
const REPLY = "Durable workflows survive crashes.";
const POLL = 60_000;
const MAX_WAIT = 24 * 3_600_000;
const TEXTS = ["  What is a durable workflow?  ", "", "Please fail this one", "Why batch at all?"];
/** What `prepare` makes of TEXTS: blank texts dropped, the rest trimmed and numbered. */
const PROMPTS = {
  q0: "What is a durable workflow?",
  q1: "Please fail this one",
  q2: "Why batch at all?",
} as const;

const Requests = z.object({ requests: z.array(z.object({ id: z.string(), prompt: z.string() })) });
const Result = z.object({
  id: z.string(),
  status: z.enum(["succeeded", "failed"]),
  value: z.union([z.string(), z.array(z.number())]).nullable(),
  error: z.string().nullable(),
});
const Output = z.object({ results: z.array(Result) });
const AskConfig = z.object({
  model: z.string().default("gpt-4o-mini"),
  /** Cancel the batch when it is still running this long after submission. */
  cancelAfterMs: z.number().positive().optional(),
});

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

/** A test kernel running `prepare` (sync) → `ask` (async batch on the fake OpenAI). */
function setup() {
  const aiLogger = createInMemoryAICallLogger();
  // A new provider (and SDK client) per helper, as a restarted worker would build it.
  const ai = (ctx: { workflowRunId: string; stageId: string }) =>
    createAIHelper(`ask.${ctx.workflowRunId}`, aiLogger, {
      providers: {
        openai: openaiProvider({ apiKey: API_KEY, baseURL: server.url, maxRetries: 0 }),
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
      return { output: { requests: prompts.map((prompt, i) => ({ id: `q${i}`, prompt })) } };
    },
  });
  const ask = defineAsyncBatchStage({
    id: "ask",
    name: "Ask in a batch",
    mode: "async-batch",
    schemas: { input: Requests, output: Output, config: AskConfig },
    async execute(ctx) {
      const handle = await ai(ctx).batch(ctx.config.model, "openai").submit(ctx.input.requests);
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
      const batch = ai(ctx).batch<string | number[]>(ctx.config.model, "openai");
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
      const results = await batch.getResults(state.batchId, state.metadata);
      // Kept in arrival order: the fake returns results unordered; readers match them by id.
      const items = results.map((r) => ({
        id: r.id,
        status: r.status,
        value: r.result ?? null,
        error: r.error ?? null,
      }));
      return { ready: true, output: { results: items } };
    },
  });
  const workflow = new WorkflowBuilder(
    "ask-openai",
    "Ask OpenAI",
    "Prompts answered through the Batch API",
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
async function startUntilSuspended(t: TestKernel, config: z.input<typeof AskConfig>) {
  const { workflowRunId } = await t.kernel.dispatch({
    type: "run.create",
    workflowId: "ask-openai",
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
  expect(state.batchId).toMatch(/^batch_/);
  expect(state.metadata.aiBatch).toMatchObject({ batchId: state.batchId, provider: "openai" });
  // Not due yet: nothing is checked before the clock reaches nextPollAt.
  expect(await t.kernel.dispatch({ type: "stage.pollSuspended" })).toMatchObject({ checked: 0 });
  return { workflowRunId, batchId: state.batchId };
}

const CASES = [
  {
    kind: "chat completions",
    model: "gpt-4o-mini",
    prices: { input: 0.15, output: 0.6 },
    endpoint: "/v1/chat/completions",
    expected: (prompt: string) => ({
      value: REPLY,
      inputTokens: prompt.length,
      outputTokens: REPLY.length,
    }),
  },
  {
    kind: "embeddings",
    model: "text-embedding-3-small",
    prices: { input: 0.02, output: 0 },
    endpoint: "/v1/embeddings",
    expected: (prompt: string) => ({
      value: fakeEmbedding(prompt),
      inputTokens: prompt.length,
      outputTokens: 0,
    }),
  },
];

describe("openai async-batch stage on the kernel", () => {
  it.each(CASES)(
    "$kind: suspends, resumes through stage.pollSuspended and bills the run at batch prices",
    async ({ model, prices, endpoint, expected }) => {
      const { t: first, aiLogger, restart } = setup();
      const { workflowRunId, batchId } = await startUntilSuspended(first, { model });
      const t = restart();
      expect(server.requests.find((r) => r.path === "/v1/batches")?.body).toMatchObject({
        endpoint,
      });

      // The fake walks validating → in_progress → completed, one step per status read.
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
      expect(output.results.map((r) => r.id)).not.toEqual(["q0", "q1", "q2"]);
      const byId = new Map(output.results.map((r) => [r.id, r]));
      expect([...byId.keys()].sort()).toEqual(["q0", "q1", "q2"]);
      for (const id of ["q0", "q2"] as const) {
        expect(byId.get(id)).toEqual({
          id,
          status: "succeeded",
          value: expected(PROMPTS[id]).value,
          error: null,
        });
      }
      expect(byId.get("q1")).toEqual({
        id: "q1",
        status: "failed",
        value: null,
        error: "fake failure",
      });

      // One record per request, attributed to the run and stage, at the batch price.
      const records = [...aiLogger.records].sort((a, b) =>
        String(a.requestId).localeCompare(String(b.requestId)),
      );
      expect(records.map((r) => [r.requestId, r.status, r.inputTokens, r.outputTokens])).toEqual([
        ["q0", "succeeded", expected(PROMPTS.q0).inputTokens, expected(PROMPTS.q0).outputTokens],
        ["q1", "failed", 0, 0],
        ["q2", "succeeded", expected(PROMPTS.q2).inputTokens, expected(PROMPTS.q2).outputTokens],
      ]);
      for (const record of records) {
        expect(record).toMatchObject({
          topic: `ask.${workflowRunId}`,
          provider: "openai",
          model,
          kind: "batch",
          batch: true,
          batchId,
          workflowRunId,
          stageId: "ask",
        });
      }

      // The expected bill, from the price table by hand: half the standard price per token.
      expect(getModel(model)).toMatchObject({
        inputPricePerMillion: prices.input,
        outputPricePerMillion: prices.output,
      });
      const billed = ["q0", "q2"].map((id) => expected(PROMPTS[id as keyof typeof PROMPTS]));
      const tokens = billed.reduce((n, u) => n + u.inputTokens + u.outputTokens, 0);
      const cost = billed.reduce(
        (n, u) => n + ((u.inputTokens * prices.input + u.outputTokens * prices.output) / 1e6) * 0.5,
        0,
      );
      expect(cost).toBeGreaterThan(0);
      const recordedCost = records.reduce((n, r) => n + r.cost, 0);
      expect(recordedCost).toBeCloseTo(cost, 12);
      expect(run?.totalCost).toBeCloseTo(recordedCost, 12);
      expect(run?.totalCost).toBeCloseTo(cost, 12);
      expect(run?.totalTokens).toBe(
        records.reduce((n, r) => n + r.inputTokens + r.outputTokens, 0),
      );
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
      expect(server.requests.every((r) => r.headers.authorization === `Bearer ${API_KEY}`)).toBe(
        true,
      );
      const persisted = await persistedText(t, workflowRunId, aiLogger.records);
      expect(persisted).toContain(batchId);
      expect(persisted).not.toContain(API_KEY);
    },
  );

  it("a stage that gives up cancels its batch: the run fails with BATCH_FAILED and costs nothing", async () => {
    const { t, aiLogger } = setup();
    const { workflowRunId, batchId } = await startUntilSuspended(t, { cancelAfterMs: POLL });
    const cancels = () => server.requests.filter((r) => r.path === `/v1/batches/${batchId}/cancel`);

    // validating, waited 60 s: cancel. Then cancelling (processing), then cancelled: failed.
    expect(await pollAfter(t, POLL)).toMatchObject({ checked: 1, resumed: 0, failed: 0 });
    expect(cancels()).toHaveLength(1);
    expect(await pollAfter(t, POLL)).toMatchObject({ checked: 1, resumed: 0, failed: 0 });
    expect(await pollAfter(t, POLL)).toMatchObject({ checked: 1, resumed: 0, failed: 1 });
    expect(cancels()).toHaveLength(1);
    await flushOutbox(t);

    const run = await t.persistence.getRun(workflowRunId);
    expect(run).toMatchObject({ status: "FAILED", totalCost: 0, totalTokens: 0 });
    expect(run?.error).toMatchObject({ code: "BATCH_FAILED", stageId: "ask" });
    expect(run?.error?.message).toContain(`batch ${batchId} failed (cancelled)`);
    expect(await t.persistence.getStage(workflowRunId, "ask")).toMatchObject({ status: "FAILED" });
    expect(t.eventSink.ofType("workflow:failed")).toMatchObject([
      { workflowRunId, error: { code: "BATCH_FAILED" } },
    ]);
    expect(aiLogger.records).toHaveLength(0);
    expect(await persistedText(t, workflowRunId, aiLogger.records)).not.toContain(API_KEY);
  });
});
