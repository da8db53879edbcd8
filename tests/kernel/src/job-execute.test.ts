import { defineStage, NonRetryableError } from "@stageflow/core";
import type { StageProgressEvent } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createHarness } from "./helpers/harness";
import { echoStage, linearWorkflow, workflowOf } from "./helpers/workflows";

/** A one-stage workflow around `execute`, retried once at most. */
function single(
  execute: Parameters<typeof defineStage>[0]["execute"],
  output: z.ZodType = z.unknown(),
  retry = { maxAttempts: 1 },
) {
  return workflowOf("single", [
    defineStage({
      id: "only",
      name: "Only",
      retry,
      schemas: { input: z.unknown(), output, config: z.object({ factor: z.number().default(2) }) },
      execute,
    }),
  ]);
}

async function startRun(
  h: ReturnType<typeof createHarness>,
  workflowId: string,
  input: unknown = {},
) {
  const runId = await h.create(workflowId, input);
  await h.claim();
  const job = await h.dequeue();
  if (job === undefined) throw new Error("no job");
  return { runId, job };
}

describe("job.execute", () => {
  it("commits RUNNING before the body runs and runs the body with no transaction open", async () => {
    let seen: unknown;
    const ports: { h?: ReturnType<typeof createHarness> } = {};
    const workflow = single(async (ctx) => {
      // Root persistence calls from inside a transaction throw in the in-memory adapter.
      const persistence = ports.h?.persistence;
      const stage = await persistence?.getStage(ctx.workflowRunId, "only");
      const outbox = await persistence?.getOutboxEvents(ctx.workflowRunId);
      seen = { status: stage?.status, last: outbox?.at(-1)?.type };
      return { output: { ok: true } };
    });
    const h = createHarness([workflow]);
    ports.h = h;
    const { runId, job } = await startRun(h, "single");
    const result = await h.execute(job);
    expect(result).toEqual({ outcome: "completed", output: { ok: true } });
    expect(seen).toEqual({ status: "RUNNING", last: "stage:started" });
    expect((await h.run(runId)).status).toBe("COMPLETED");
  });

  it("builds the context: input, parsed config, ids, attempt, storage, logs and progress", async () => {
    const live: StageProgressEvent[] = [];
    let storageKeys: string[] = [];
    const h = createHarness(
      [
        single(async (ctx) => {
          await ctx.storage.save("cache", { n: 1 });
          const loaded = await ctx.storage.load<{ n: number }>("cache");
          ctx.log("INFO", "working", { step: 1, apiKey: "sk-secret" });
          ctx.onProgress({ progress: 0.5, message: "half" });
          ctx.onProgress({ progress: 1, message: "done", details: { items: 2 } });
          return {
            output: {
              input: ctx.input,
              factor: (ctx.config as { factor: number }).factor,
              runId: ctx.workflowRunId,
              stageId: ctx.stageId,
              attempt: ctx.attempt,
              loaded,
              exists: await ctx.storage.exists("cache"),
            },
          };
        }),
      ],
      { hooks: { onProgress: (event) => live.push(event) } },
    );
    const { runId, job } = await startRun(h, "single", { q: 1 });
    const result = await h.execute(job);
    storageKeys = await h.blobStore.list(`runs/${runId}/stages/only/`);
    expect(result.output).toEqual({
      input: { q: 1 },
      factor: 2,
      runId,
      stageId: "only",
      attempt: 1,
      loaded: { n: 1 },
      exists: true,
    });
    expect(storageKeys).toEqual([
      `runs/${runId}/stages/only/output`,
      `runs/${runId}/stages/only/storage/cache`,
    ]);
    const stage = await h.persistence.getStage(runId, "only");
    const logs = await h.persistence.getLogs(runId);
    expect(logs.map((l) => [l.level, l.message, l.meta, l.stageRecordId])).toEqual([
      ["INFO", "working", { step: 1, apiKey: "[redacted]" }, stage?.id],
    ]);
    expect(live.map((e) => [e.type, e.progress, e.message])).toEqual([
      ["stage:progress", 0.5, "half"],
      ["stage:progress", 1, "done"],
    ]);
    expect(stage?.progress).toEqual({ progress: 1, message: "done", details: { items: 2 } });
    const events = await h.events(runId);
    expect(events.map((e) => e.type)).toEqual([
      "workflow:created",
      "workflow:started",
      "stage:started",
      "stage:progress",
      "stage:progress",
      "stage:completed",
      "workflow:completed",
    ]);
  });

  it("rolls AI usage into the stage, its event, the run totals and workflow:completed", async () => {
    const h = createHarness([
      single(async (ctx) => {
        ctx.usage.record({ model: "m", inputTokens: 100, outputTokens: 50, cost: 0.25 });
        ctx.usage.record({ model: "m", inputTokens: 10, outputTokens: 5, cost: 0.05 });
        return { output: 1, customMetrics: { items: 3 } };
      }),
    ]);
    const { runId, job } = await startRun(h, "single");
    h.clock.advance(1500);
    await h.execute(job);
    const stage = await h.persistence.getStage(runId, "only");
    expect(stage).toMatchObject({
      status: "COMPLETED",
      inputTokens: 110,
      outputTokens: 55,
      durationMs: 0,
    });
    expect(stage?.cost).toBeCloseTo(0.3);
    expect(stage?.metrics).toMatchObject({
      items: 3,
      aiCalls: 2,
      aiInputTokens: 110,
      aiOutputTokens: 55,
    });
    const run = await h.run(runId);
    expect(run.totalCost).toBeCloseTo(0.3);
    expect(run.totalTokens).toBe(165);
    const events = await h.events(runId);
    const completed = events.find((e) => e.type === "workflow:completed");
    expect(completed).toMatchObject({ totalTokens: 165, output: 1, duration: 1500 });
    expect(events.find((e) => e.type === "stage:completed")).toMatchObject({
      inputTokens: 110,
      outputTokens: 55,
    });
  });

  it("fails a stage whose output fails its schema, without retrying", async () => {
    let calls = 0;
    const h = createHarness([
      single(
        async () => {
          calls++;
          return { output: { n: "not a number" } };
        },
        z.object({ n: z.number() }),
        { maxAttempts: 3 },
      ),
    ]);
    const { runId, job } = await startRun(h, "single");
    const result = await h.execute(job);
    expect(result).toMatchObject({ outcome: "failed", willRetry: false });
    expect(result.error).toContain('Invalid output of stage "only"');
    expect(calls).toBe(1);
    expect((await h.run(runId)).status).toBe("FAILED");
    expect((await h.persistence.getStage(runId, "only"))?.error?.code).toBe("VALIDATION_FAILED");
    expect(await h.blobStore.has(`runs/${runId}/stages/only/output`)).toBe(false);
  });

  it("fails a stage whose input fails its input schema, without retrying", async () => {
    const stage = defineStage({
      id: "typed",
      name: "Typed",
      schemas: { input: z.object({ url: z.string() }), output: z.unknown(), config: z.object({}) },
      execute: async () => ({ output: 1 }),
    });
    const h = createHarness([workflowOf("typed", [stage])]);
    const { runId, job } = await startRun(h, "typed", { url: 3 });
    const result = await h.execute(job);
    expect(result).toMatchObject({ outcome: "failed", willRetry: false });
    expect(result.error).toContain('Invalid input for stage "typed"');
    expect((await h.run(runId)).error).toMatchObject({
      code: "VALIDATION_FAILED",
      stageId: "typed",
    });
  });

  it("fails an output that is not JSON (a BigInt) without retrying", async () => {
    const h = createHarness([
      single(async () => ({ output: { n: 1n } }), z.unknown(), { maxAttempts: 3 }),
    ]);
    const { runId, job } = await startRun(h, "single");
    const result = await h.execute(job);
    expect(result).toMatchObject({ outcome: "failed", willRetry: false });
    expect((await h.run(runId)).error?.code).toBe("NOT_JSON_SERIALIZABLE");
  });

  it("fails a body that returns something other than { output }", async () => {
    const h = createHarness([
      single(async () => ({ result: 1 }) as unknown as { output: unknown }, z.unknown(), {
        maxAttempts: 3,
      }),
    ]);
    const { runId, job } = await startRun(h, "single");
    expect(await h.execute(job)).toMatchObject({ outcome: "failed", willRetry: false });
    expect((await h.run(runId)).error?.code).toBe("INVALID_STAGE_RESULT");
  });

  it("does not let a sync stage suspend", async () => {
    const h = createHarness([
      single(
        async () =>
          ({ suspended: true, state: { batchId: "b" }, pollConfig: {} }) as unknown as {
            output: unknown;
          },
      ),
    ]);
    const { runId, job } = await startRun(h, "single");
    await h.execute(job);
    expect((await h.run(runId)).error?.message).toContain("defineAsyncBatchStage");
  });

  it("NonRetryableError fails the run at once", async () => {
    let calls = 0;
    const h = createHarness([
      single(
        async () => {
          calls++;
          throw new NonRetryableError("document has no pages");
        },
        z.unknown(),
        { maxAttempts: 5 },
      ),
    ]);
    const { runId, job } = await startRun(h, "single");
    expect(await h.execute(job)).toMatchObject({ outcome: "failed", willRetry: false });
    expect(calls).toBe(1);
    expect((await h.run(runId)).error).toEqual({
      message: "document has no pages",
      code: "NON_RETRYABLE",
      stageId: "only",
      attempt: 1,
      stack: expect.stringMatching(/^NonRetryableError: document has no pages\n/),
    });
  });

  it("fails with a clear error when an upstream output is missing", async () => {
    const h = createHarness([linearWorkflow()]);
    const second = await h.create("linear", { text: "y" });
    await h.claim();
    const a = await h.dequeue();
    if (a === undefined) throw new Error("no job");
    await h.execute(a);
    await h.blobStore.delete(`runs/${second}/stages/a/output`);
    const b = await h.dequeue();
    if (b === undefined) throw new Error("no job");
    const result = await h.execute(b);
    expect(result).toMatchObject({ outcome: "failed", willRetry: false });
    expect(result.error).toBe(
      'Cannot build the input of stage "b": no stored output for upstream stage "a".',
    );
    expect((await h.run(second)).error?.code).toBe("MISSING_UPSTREAM_OUTPUT");
  });

  it("skips without running the body when this worker does not hold the lease", async () => {
    let calls = 0;
    const h = createHarness([single(async () => ({ output: ++calls }))]);
    const { runId, job } = await startRun(h, "single");
    const result = await h.execute({ ...job, lockedBy: "someone-else" });
    expect(result.outcome).toBe("skipped");
    expect(calls).toBe(0);
    expect((await h.persistence.getStage(runId, "only"))?.status).toBe("PENDING");
  });

  it("records nothing when the host aborts the body through command.signal", async () => {
    const controller = new AbortController();
    const h = createHarness([
      single(async (ctx) => {
        controller.abort(new Error("shutdown"));
        ctx.signal.throwIfAborted();
        return { output: 1 };
      }),
    ]);
    const { runId, job } = await startRun(h, "single");
    const result = await h.execute(job, { signal: controller.signal });
    expect(result).toEqual({ outcome: "skipped", reason: "aborted by the host" });
    expect((await h.persistence.getStage(runId, "only"))?.status).toBe("RUNNING");
    expect((await h.persistence.getJob(job.id))?.status).toBe("RUNNING");
  });

  it("gives a later stage ctx.require access to earlier outputs", async () => {
    const reader = defineStage({
      id: "reader",
      name: "Reader",
      dependencies: ["a"],
      schemas: { input: "none", output: z.unknown(), config: z.object({}) },
      execute: async (ctx) => ({
        output: { fromA: ctx.require("a"), missing: ctx.optional("zzz") ?? null },
      }),
    });
    const h = createHarness([workflowOf("reader", [echoStage("a"), echoStage("b"), reader])]);
    const runId = await h.create("reader", "in");
    const run = await h.drive(runId);
    expect(run.output).toEqual({ fromA: { by: "a", saw: "in" }, missing: null });
  });

  it("fails the run when the deployed workflow no longer has the job's stage", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    await h.claim();
    const job = await h.dequeue();
    if (job === undefined) throw new Error("no job");
    const renamed = workflowOf("linear", [echoStage("a2")]);
    const newer = h.kernelKnowing([renamed]);
    const result = await newer.dispatch({
      type: "job.execute",
      jobId: job.id,
      workflowRunId: runId,
      workflowId: "linear",
      stageId: "a",
      workerId: "worker-1",
    });
    expect(result).toMatchObject({ outcome: "failed", willRetry: false });
    expect((await h.run(runId)).error).toMatchObject({
      code: "STAGE_NOT_IN_WORKFLOW",
      stageId: "a",
    });
    expect((await h.persistence.getJob(job.id))?.status).toBe("FAILED");
  });
});
