import { defineAsyncBatchStage, WorkflowBuilder } from "@stageflow/core";
import { createKernel, createWorkflowRegistry } from "@stageflow/kernel";
import {
  CollectingEventSink,
  FakeClock,
  InMemoryBlobStore,
  InMemoryJobTransport,
  InMemoryPersistence,
} from "@stageflow/testing";
import { expect, it } from "vitest";
import { z } from "zod";
import {
  type AIStageBinding,
  createAIHelper,
  createInMemoryAICallLogger,
  type ModelInfo,
  offlineProvider,
} from "../src/index";

// A priced offline model, so the run's totalCost shows the batch price: 0.02 USD a token, 0.01 in a batch.
const PRICED: ModelInfo = {
  id: "offline-priced",
  provider: "offline",
  kind: "chat",
  inputPricePerMillion: 20_000,
  outputPricePerMillion: 20_000,
};
// `token` is a secret-like name on purpose: a schema property is structure, not a credential, so
// the kernel must accept it inside the suspended state (the batch metadata keeps the JSON Schema).
const Label = z.object({ topic: z.string(), words: z.int(), token: z.string() });
const POLL = 30_000;

it("suspends an async-batch stage on the offline provider and resumes it through stage.pollSuspended", async () => {
  const clock = new FakeClock();
  const persistence = new InMemoryPersistence();
  const jobTransport = new InMemoryJobTransport(persistence);
  const blobStore = new InMemoryBlobStore();
  const aiLogger = createInMemoryAICallLogger();
  // A new provider for every helper, sharing only the blob store: what a restarted worker sees.
  const helper = (topic: string, stage: AIStageBinding) =>
    createAIHelper(topic, aiLogger, {
      providers: [
        offlineProvider({
          now: () => clock.now().getTime(),
          batchDelayMs: 60_000,
          store: blobStore,
        }),
      ],
      models: [PRICED],
      stage,
    });

  const label = defineAsyncBatchStage({
    id: "label",
    name: "Label",
    mode: "async-batch",
    schemas: {
      input: z.object({ texts: z.array(z.string()) }),
      output: z.object({ items: z.array(z.object({ id: z.string(), label: Label })) }),
      config: z.object({}),
    },
    async execute(ctx) {
      const handle = await helper(`label.${ctx.workflowRunId}`, ctx)
        .batch(PRICED.id, "offline")
        .submit(ctx.input.texts.map((text, i) => ({ id: `t${i}`, prompt: text, schema: Label })));
      return {
        suspended: true,
        state: {
          batchId: handle.id,
          submittedAt: clock.now().toISOString(),
          pollInterval: POLL,
          maxWaitTime: 600_000,
          metadata: handle.metadata,
        },
        pollConfig: {
          pollInterval: POLL,
          maxWaitTime: 600_000,
          nextPollAt: new Date(clock.now().getTime() + POLL),
        },
      };
    },
    async checkCompletion(state, ctx) {
      const batch = helper(`label.${ctx.workflowRunId}`, ctx).batch<z.output<typeof Label>>(
        PRICED.id,
        "offline",
      );
      const { status } = await batch.getStatus(state.batchId);
      if (status !== "completed") return { ready: false, nextCheckIn: POLL };
      const results = await batch.getResults(state.batchId, state.metadata);
      return {
        ready: true,
        output: {
          items: results.map((r) => ({ id: r.id, label: r.result as z.output<typeof Label> })),
        },
      };
    },
  });
  const workflow = new WorkflowBuilder(
    "labelling",
    "Labelling",
    "Labels texts in a batch",
    z.object({ texts: z.array(z.string()) }),
    z.object({ items: z.array(z.object({ id: z.string(), label: Label })) }),
  )
    .pipe(label)
    .build();
  const kernel = createKernel({
    persistence,
    blobStore,
    jobTransport,
    eventSink: new CollectingEventSink(),
    clock,
    registry: createWorkflowRegistry([workflow]),
  });

  const texts = [
    "Durable workflows resume after crashes.",
    "Batches cost half. Batches take hours.",
  ];
  const { workflowRunId } = await kernel.dispatch({
    type: "run.create",
    workflowId: "labelling",
    input: { texts },
  });
  await kernel.dispatch({ type: "run.claimPending", workerId: "w1" });
  const [job] = await jobTransport.dequeue({ workerId: "w1", limit: 1, now: clock.now() });
  if (!job) throw new Error("no job queued");
  const executed = await kernel.dispatch({
    type: "job.execute",
    jobId: job.id,
    workflowRunId,
    workflowId: "labelling",
    stageId: "label",
    workerId: "w1",
  });
  expect(executed.outcome).toBe("suspended");

  clock.advance(POLL); // the batch is processing: not ready yet
  expect(await kernel.dispatch({ type: "stage.pollSuspended" })).toMatchObject({
    checked: 1,
    resumed: 0,
  });
  clock.advance(POLL); // 60 s after submission: completed
  expect(await kernel.dispatch({ type: "stage.pollSuspended" })).toMatchObject({
    checked: 1,
    resumed: 1,
  });

  const run = await persistence.getRun(workflowRunId);
  expect(run?.status).toBe("COMPLETED");
  expect(run?.output).toEqual({
    items: [
      { id: "t0", label: expect.objectContaining({ topic: "durable", words: 5 }) },
      { id: "t1", label: expect.objectContaining({ topic: "batches", words: 6 }) },
    ],
  });
  const records = aiLogger.records;
  expect(records.map((r) => [r.requestId, r.batch, r.workflowRunId, r.stageId])).toEqual([
    ["t0", true, workflowRunId, "label"],
    ["t1", true, workflowRunId, "label"],
  ]);
  const tokens = records.reduce((sum, r) => sum + r.inputTokens + r.outputTokens, 0);
  expect(run?.totalTokens).toBe(tokens);
  expect(run?.totalCost).toBeCloseTo(tokens * 0.01, 10);
  expect(JSON.stringify(await persistence.getRun(workflowRunId))).not.toMatch(/apiKey|sk-/);
});
