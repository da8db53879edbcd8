import { defineStage } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createHarness } from "./helpers/harness";
import { deferred } from "./helpers/manual";
import { workflowOf } from "./helpers/workflows";

describe("scenario: cancel a run while its stage body runs", () => {
  it("aborts the body through ctx.signal and discards its outcome", async () => {
    const started = deferred();
    let sawAbort: unknown;
    const slow = defineStage({
      id: "slow",
      name: "Slow",
      schemas: { input: z.unknown(), output: z.unknown(), config: z.object({}) },
      async execute(ctx) {
        started.resolve();
        await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve()));
        sawAbort = ctx.signal.reason;
        return { output: "too late" };
      },
    });
    const h = createHarness([workflowOf("slow", [slow])]);
    const runId = await h.create("slow", {});
    await h.claim();
    const job = await h.dequeue();
    if (job === undefined) throw new Error("no job");

    const executing = h.execute(job);
    await started.promise;
    expect(await h.kernel.dispatch({ type: "run.cancel", workflowRunId: runId })).toEqual({
      cancelled: true,
    });
    const result = await executing;

    expect(sawAbort).toMatchObject({ code: "RUN_CANCELLED" });
    expect(result).toMatchObject({ outcome: "skipped" });
    expect(result.reason).toContain("CANCELLED");
    expect((await h.run(runId)).status).toBe("CANCELLED");
    expect((await h.persistence.getStage(runId, "slow"))?.status).toBe("CANCELLED");
    expect((await h.persistence.getJob(job.id))?.status).toBe("CANCELLED");
    const types = (await h.events(runId)).map((e) => e.type);
    expect(types).toEqual([
      "workflow:created",
      "workflow:started",
      "stage:started",
      "workflow:cancelled",
    ]);
  });
});
