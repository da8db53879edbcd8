import { defineStage } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createHarness } from "./helpers/harness";
import { deferred } from "./helpers/manual";
import { batchWorkflow, type FakeBatch, workflowOf } from "./helpers/workflows";

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

describe("scenario: cancel a run suspended on a provider batch", () => {
  async function suspendedRun(batch: FakeBatch) {
    const h = createHarness([batchWorkflow(batch)]);
    const runId = await h.create("batch", { text: "doc" });
    await h.claim();
    await h.runDueJobs();
    expect((await h.persistence.getStage(runId, "embed"))?.status).toBe("SUSPENDED");
    return { h, runId };
  }

  it("calls onCancel once with the stored state after the cancel commits", async () => {
    const batch: FakeBatch = { next: "pending", checks: 0, cancels: [] };
    const { h, runId } = await suspendedRun(batch);
    batch.readStageStatus = async () => (await h.persistence.getStage(runId, "embed"))?.status;
    const before = await h.run(runId);

    expect(await h.kernel.dispatch({ type: "run.cancel", workflowRunId: runId })).toEqual({
      cancelled: true,
    });

    expect(batch.cancels).toEqual([
      {
        state: {
          batchId: "batch-1",
          submittedAt: "2025-01-01T00:00:00.000Z",
          pollInterval: 60_000,
          maxWaitTime: 3_600_000,
        },
        reason: "cancelled",
        stageStatus: "CANCELLED",
      },
    ]);
    const logs = await h.persistence.getLogs(runId, { stageId: "embed" });
    expect(logs.map((l) => [l.level, l.message])).toContainEqual(["INFO", "cancelling batch-1"]);
    // Usage recorded by onCancel is not added to the run's totals.
    const after = await h.run(runId);
    expect(after.totalCost).toBe(before.totalCost);
    expect(after.totalTokens).toBe(before.totalTokens);

    // A second cancel of the now terminal run calls nothing.
    expect(await h.kernel.dispatch({ type: "run.cancel", workflowRunId: runId })).toEqual({
      cancelled: false,
    });
    expect(batch.cancels).toHaveLength(1);
  });

  it("does not call onCancel for stages that were not suspended", async () => {
    const batch: FakeBatch = { next: "pending", checks: 0, cancels: [] };
    const h = createHarness([batchWorkflow(batch)]);
    const runId = await h.create("batch", { text: "doc" });
    await h.claim();
    // "prepare" (sync) is pending/running; "embed" has not started.
    expect(await h.kernel.dispatch({ type: "run.cancel", workflowRunId: runId })).toEqual({
      cancelled: true,
    });
    expect(batch.cancels).toEqual([]);
  });

  it("logs a throwing onCancel at WARN and still reports the run cancelled", async () => {
    const batch: FakeBatch = { next: "pending", checks: 0, cancels: [], cancelThrows: true };
    const { h, runId } = await suspendedRun(batch);

    expect(await h.kernel.dispatch({ type: "run.cancel", workflowRunId: runId })).toEqual({
      cancelled: true,
    });

    expect(batch.cancels).toHaveLength(1);
    expect((await h.run(runId)).status).toBe("CANCELLED");
    const warn = (await h.persistence.getLogs(runId, { stageId: "embed" })).find(
      (l) => l.level === "WARN",
    );
    expect(warn?.message).toBe("onCancel threw; the vendor batch may still be running");
    expect(warn?.meta).toEqual({ reason: "cancelled", error: "vendor said no" });
  });
});
