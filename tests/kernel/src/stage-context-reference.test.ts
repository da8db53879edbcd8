import { defineAsyncBatchStage, defineStage } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createHarness } from "./helpers/harness";
import { workflowOf } from "./helpers/workflows";

const Vectors = z.object({ vectors: z.array(z.number()) });

/** A batch stage that states its poll interval and maximum wait once (in the state). */
function onceStatedBatch(seen: { submittedAt?: string; checkedAt?: string; schemas?: unknown }) {
  return defineAsyncBatchStage({
    id: "embed",
    name: "Embed",
    mode: "async-batch",
    schemas: { input: "none", output: Vectors, config: z.object({}) },
    async execute(ctx) {
      seen.schemas = ctx.schemas;
      seen.submittedAt = ctx.clock.now().toISOString();
      return {
        suspended: true,
        state: {
          batchId: "b-1",
          submittedAt: seen.submittedAt,
          pollInterval: 1_000,
          maxWaitTime: 60_000,
        },
      };
    },
    async checkCompletion(_state, ctx) {
      seen.checkedAt = ctx.clock.now().toISOString();
      ctx.onLog("INFO", "batch finished", { requests: 3 });
      return { ready: true, output: { vectors: [1, 2] }, embeddings: { dims: 2, model: "e-1" } };
    },
  });
}

describe("the stage context of the reference documents", () => {
  it("gives stages ctx.schemas and the kernel's clock; a batch states its schedule once", async () => {
    const seen: { submittedAt?: string; checkedAt?: string; schemas?: unknown } = {};
    const stage = onceStatedBatch(seen);
    const h = createHarness([workflowOf("once", [stage], Vectors)]);
    const runId = await h.create("once", {});
    await h.claim();
    await h.runDueJobs();

    const t0 = h.clock.now().getTime();
    expect(seen.submittedAt).toBe(new Date(t0).toISOString()); // the FakeClock, not Date.now()
    expect(seen.schemas).toBe(stage.schemas);
    const suspended = await h.persistence.getStage(runId, "embed");
    expect(suspended).toMatchObject({ status: "SUSPENDED", pollIntervalMs: 1_000 });
    expect(suspended?.nextPollAt?.getTime()).toBe(t0 + 1_000);
    expect(suspended?.maxWaitUntil?.getTime()).toBe(t0 + 60_000);

    const run = await h.drive(runId);
    expect(run.status).toBe("COMPLETED");
    expect(seen.checkedAt).toBe(new Date(t0 + 1_000).toISOString());
    const logs = await h.persistence.getLogs(runId, { stageId: "embed" });
    expect(logs.map((line) => [line.level, line.message, line.meta])).toContainEqual([
      "INFO",
      "batch finished",
      { requests: 3 },
    ]);
    expect(await h.blobStore.get(`runs/${runId}/stages/embed/storage/embeddings`)).toEqual({
      dims: 2,
      model: "e-1",
    });
  });
});

describe("ctx.onProgress takes a fraction 0..1", () => {
  function progressWorkflow(values: readonly number[]) {
    return workflowOf("progress", [
      defineStage({
        id: "items",
        name: "Items",
        schemas: { input: "none", output: z.object({ n: z.number() }), config: z.object({}) },
        async execute(ctx) {
          for (const value of values) ctx.onProgress({ progress: value, message: `at ${value}` });
          return { output: { n: values.length } };
        },
      }),
    ]);
  }

  it("stores fractions as given", async () => {
    const h = createHarness([progressWorkflow([0, 1 / 3, 1])]);
    const runId = await h.create("progress", {});
    expect((await h.drive(runId)).status).toBe("COMPLETED");
    expect((await h.persistence.getStage(runId, "items"))?.progress).toEqual({
      progress: 1,
      message: "at 1",
    });
    const reported = (await h.events(runId)).flatMap((e) =>
      e.type === "stage:progress" ? [e.progress] : [],
    );
    expect(reported).toEqual([0, 1 / 3, 1]);
  });

  it.each([[50], [-0.1], [1.01], [Number.NaN]])(
    "rejects %s with INVALID_PROGRESS and fails the stage without retrying",
    async (value) => {
      const h = createHarness([progressWorkflow([value])]);
      const runId = await h.create("progress", {});
      const run = await h.drive(runId);
      expect(run.status).toBe("FAILED");
      expect(run.error).toMatchObject({ code: "INVALID_PROGRESS", stageId: "items" });
      expect(run.error?.message).toMatch(/fraction from 0 to 1/);
      const [job] = await h.persistence.getJobsByRun(runId);
      expect(job?.attempt).toBe(1);
    },
  );
});
