import {
  defineAsyncBatchStage,
  defineStage,
  NonRetryableError,
  WorkflowBuilder,
} from "@stageflow/core";
import { definePlugin, type Persistence, type StageflowEvent } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CollectingEventSink, createTestKernel, FakeClock } from "../src/index";

const Text = z.object({ text: z.string() });

const upper = defineStage({
  id: "upper",
  name: "Upper",
  schemas: { input: Text, output: Text, config: z.object({}) },
  async execute(ctx) {
    return { output: { text: ctx.input.text.toUpperCase() } };
  },
});

const exclaim = defineStage({
  id: "exclaim",
  name: "Exclaim",
  schemas: { input: Text, output: Text, config: z.object({}) },
  async execute(ctx) {
    return { output: { text: `${ctx.input.text}!` } };
  },
});

const linear = new WorkflowBuilder("linear", "Linear", "upper then exclaim", Text, Text)
  .pipe(upper)
  .pipe(exclaim)
  .build();

describe("createTestKernel", () => {
  it("runs a linear workflow to completion and publishes its events in order", async () => {
    const t = createTestKernel({ workflows: [linear] });
    const { workflowRunId } = await t.kernel.dispatch({
      type: "run.create",
      workflowId: "linear",
      input: { text: "hi" },
    });
    const run = await t.runToCompletion(workflowRunId);
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({ text: "HI!" });
    const types = t.eventSink.forRun(workflowRunId).map((e) => e.type);
    expect(types[0]).toBe("workflow:created");
    expect(types.at(-1)).toBe("workflow:completed");
    expect(types.filter((type) => type === "stage:completed")).toHaveLength(2);
    const sequences = t.eventSink.forRun(workflowRunId).map((e) => e.sequence);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
  });

  it("runs a parallel group and hands its outputs, keyed by stage id, to the next stage", async () => {
    const join = defineStage({
      id: "join",
      name: "Join",
      schemas: {
        input: z.object({ upper: Text, exclaim: Text }),
        output: Text,
        config: z.object({}),
      },
      async execute(ctx) {
        return { output: { text: `${ctx.input.upper.text}+${ctx.input.exclaim.text}` } };
      },
    });
    const workflow = new WorkflowBuilder("fan", "Fan", "parallel then join", Text, Text)
      .parallel([upper, exclaim])
      .pipe(join)
      .build();
    const t = createTestKernel({ workflows: [workflow] });
    const { workflowRunId } = await t.kernel.dispatch({
      type: "run.create",
      workflowId: "fan",
      input: { text: "a" },
    });
    const run = await t.runToCompletion(workflowRunId);
    expect(run.output).toEqual({ text: "A+a!" });
  });

  it("advances the fake clock through retry backoff", async () => {
    let calls = 0;
    const flaky = defineStage({
      id: "flaky",
      name: "Flaky",
      retry: { maxAttempts: 3, backoff: { initialDelayMs: 5_000, multiplier: 2 } },
      schemas: { input: Text, output: Text, config: z.object({}) },
      async execute(ctx) {
        calls += 1;
        if (calls < 3) throw new Error(`transient ${calls}`);
        return { output: ctx.input };
      },
    });
    const workflow = new WorkflowBuilder("flaky", "Flaky", "retries", Text, Text)
      .pipe(flaky)
      .build();
    const clock = new FakeClock();
    const t = createTestKernel({ workflows: [workflow], clock });
    const start = clock.now().getTime();
    const { workflowRunId } = await t.kernel.dispatch({
      type: "run.create",
      workflowId: "flaky",
      input: { text: "x" },
    });
    const run = await t.runToCompletion(workflowRunId);
    expect(run.status).toBe("COMPLETED");
    expect(calls).toBe(3);
    expect(clock.now().getTime() - start).toBeGreaterThanOrEqual(5_000 + 10_000);
    expect(t.eventSink.ofType("stage:failed").map((e) => e.willRetry)).toEqual([true, true]);
  });

  it("fails a run on a NonRetryableError without retrying", async () => {
    const broken = defineStage({
      id: "broken",
      name: "Broken",
      schemas: { input: Text, output: Text, config: z.object({}) },
      async execute() {
        throw new NonRetryableError("bad document");
      },
    });
    const workflow = new WorkflowBuilder("broken", "Broken", "fails", Text, Text)
      .pipe(broken)
      .build();
    const t = createTestKernel({ workflows: [workflow] });
    const { workflowRunId } = await t.kernel.dispatch({
      type: "run.create",
      workflowId: "broken",
      input: { text: "x" },
    });
    const run = await t.runToCompletion(workflowRunId);
    expect(run.status).toBe("FAILED");
    expect(run.error?.message).toContain("bad document");
    expect(t.eventSink.ofType("workflow:failed")).toHaveLength(1);
  });

  it("resumes a suspended async-batch stage by advancing the clock to its next poll", async () => {
    let checks = 0;
    const batch = defineAsyncBatchStage({
      id: "batch",
      name: "Batch",
      mode: "async-batch",
      schemas: { input: Text, output: Text, config: z.object({}) },
      async execute(ctx) {
        if (ctx.resumeState) return { output: { text: "resumed" } };
        const now = t.clock.now();
        return {
          suspended: true,
          state: {
            batchId: "b1",
            submittedAt: now.toISOString(),
            pollInterval: 60_000,
            maxWaitTime: 3_600_000,
          },
          pollConfig: {
            pollInterval: 60_000,
            maxWaitTime: 3_600_000,
            nextPollAt: new Date(now.getTime() + 60_000),
          },
        };
      },
      async checkCompletion() {
        checks += 1;
        return checks < 3
          ? { ready: false }
          : { ready: true, output: { text: `after ${checks} checks` } };
      },
    });
    const workflow = new WorkflowBuilder("batchy", "Batchy", "suspends", Text, Text)
      .pipe(batch)
      .build();
    const t = createTestKernel({ workflows: [workflow] });
    const start = t.clock.now().getTime();
    const { workflowRunId } = await t.kernel.dispatch({
      type: "run.create",
      workflowId: "batchy",
      input: { text: "x" },
    });
    const run = await t.runToCompletion(workflowRunId);
    expect(run).toMatchObject({ status: "COMPLETED", output: { text: "after 3 checks" } });
    expect(t.clock.now().getTime() - start).toBeGreaterThanOrEqual(3 * 60_000);
    expect(t.eventSink.ofType("stage:suspended")).toHaveLength(1);
  });

  it("runs every pending run with runUntilIdle and reports what it did", async () => {
    const t = createTestKernel({ workflows: [linear] });
    const ids = await Promise.all(
      ["a", "b", "c"].map(
        async (text) =>
          (await t.kernel.dispatch({ type: "run.create", workflowId: "linear", input: { text } }))
            .workflowRunId,
      ),
    );
    const result = await t.runUntilIdle();
    expect(result.jobsExecuted).toBe(6);
    for (const id of ids) expect((await t.persistence.getRun(id))?.status).toBe("COMPLETED");
    expect(await t.runUntilIdle()).toMatchObject({ jobsExecuted: 0, eventsPublished: 0 });
  });

  it("sends events through plugins before the collecting sink", async () => {
    const seen: string[] = [];
    const audit = definePlugin({
      name: "audit",
      handlers: { "workflow:completed": (event) => void seen.push(event.workflowRunId) },
    });
    const t = createTestKernel({ workflows: [linear], plugins: [audit] });
    const { workflowRunId } = await t.kernel.dispatch({
      type: "run.create",
      workflowId: "linear",
      input: { text: "p" },
    });
    await t.runToCompletion(workflowRunId);
    expect(seen).toEqual([workflowRunId]);
    expect(t.eventSink.ofType("workflow:completed")).toHaveLength(1);
  });

  it("dead-letters an event the sink keeps rejecting, and replays it", async () => {
    const eventSink = new CollectingEventSink();
    const stop = eventSink.failWhen((event: StageflowEvent) => event.type === "workflow:created");
    const t = createTestKernel({ workflows: [linear], eventSink });
    const { workflowRunId } = await t.kernel.dispatch({
      type: "run.create",
      workflowId: "linear",
      input: { text: "d" },
    });
    await t.runToCompletion(workflowRunId);
    let flushes = 0;
    while ((await t.persistence.listDeadLetters(10)).length === 0) {
      // Each retry waits for its due time, which the flush reports.
      const { nextFlushAt } = await t.kernel.dispatch({ type: "outbox.flush" });
      if (nextFlushAt) t.clock.set(nextFlushAt);
      flushes += 1;
    }
    expect(flushes).toBeLessThanOrEqual(3);
    expect(eventSink.ofType("workflow:created")).toHaveLength(0);
    stop();
    expect(await t.kernel.dispatch({ type: "plugin.replayDLQ" })).toEqual({ replayed: 1 });
    await t.runUntilIdle();
    expect(eventSink.ofType("workflow:created")).toHaveLength(1);
  });

  it("throws a clear error when a run never finishes within the step limit", async () => {
    const forever = defineAsyncBatchStage({
      id: "forever",
      name: "Forever",
      mode: "async-batch",
      schemas: { input: Text, output: Text, config: z.object({}) },
      async execute() {
        const now = t.clock.now();
        return {
          suspended: true,
          state: {
            batchId: "b",
            submittedAt: now.toISOString(),
            pollInterval: 1_000,
            maxWaitTime: 1e12,
          },
          pollConfig: {
            pollInterval: 1_000,
            maxWaitTime: 1e12,
            nextPollAt: new Date(now.getTime() + 1_000),
          },
        };
      },
      async checkCompletion() {
        return { ready: false };
      },
    });
    const workflow = new WorkflowBuilder("forever", "Forever", "never ends", Text, Text)
      .pipe(forever)
      .build();
    const t = createTestKernel({ workflows: [workflow] });
    const { workflowRunId } = await t.kernel.dispatch({
      type: "run.create",
      workflowId: "forever",
      input: { text: "x" },
    });
    await expect(t.runToCompletion(workflowRunId, { maxSteps: 20 })).rejects.toThrow(
      /step limit \(20 steps.*forever=SUSPENDED/,
    );
  });

  it("reports a stuck run instead of waiting forever", async () => {
    const t = createTestKernel({ workflows: [linear] });
    const { workflowRunId } = await t.kernel.dispatch({
      type: "run.create",
      workflowId: "linear",
      input: { text: "s" },
    });
    await t.kernel.dispatch({ type: "run.claimPending", workerId: "other" });
    const jobs = await t.persistence.getJobsByRun(workflowRunId);
    await t.persistence.deleteJobs(
      workflowRunId,
      jobs.map((job) => job.stageId),
    );
    await expect(t.runToCompletion(workflowRunId)).rejects.toThrow(/is RUNNING but nothing is due/);
  });

  it("needs a jobTransport with a persistence that is not in-memory", () => {
    const persistence = {} as Persistence;
    expect(() => createTestKernel({ workflows: [], persistence })).toThrow(/pass a jobTransport/);
  });
});
