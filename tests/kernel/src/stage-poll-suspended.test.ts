import { describe, expect, it } from "vitest";
import { createHarness } from "./helpers/harness";
import { batchWorkflow, type FakeBatch } from "./helpers/workflows";

async function suspended(batch: FakeBatch, pollInterval = 60_000, maxWait = 3_600_000) {
  const h = createHarness([batchWorkflow(batch, pollInterval, maxWait)]);
  const runId = await h.create("batch", { text: "doc" });
  await h.claim();
  await h.runDueJobs();
  expect((await h.persistence.getStage(runId, "embed"))?.status).toBe("SUSPENDED");
  return { h, runId };
}

describe("stage.pollSuspended", () => {
  it("checks nothing before nextPollAt", async () => {
    const batch: FakeBatch = { next: "ready", checks: 0 };
    const { h } = await suspended(batch);
    h.clock.advance(59_999);
    expect(await h.kernel.dispatch({ type: "stage.pollSuspended" })).toEqual({
      checked: 0,
      resumed: 0,
      failed: 0,
      resumedWorkflowRunIds: [],
    });
    expect(batch.checks).toBe(0);
  });

  it("reschedules by pollInterval when checkCompletion gives no nextCheckIn", async () => {
    const { h, runId } = await suspended({ next: "pending", checks: 0 });
    h.clock.advance(60_000);
    await h.kernel.dispatch({ type: "stage.pollSuspended" });
    const stage = await h.persistence.getStage(runId, "embed");
    expect(stage?.nextPollAt?.getTime()).toBe(h.clock.now().getTime() + 60_000);
    expect(stage?.status).toBe("SUSPENDED");
  });

  it("fails the stage and the run when checkCompletion reports an error", async () => {
    const { h, runId } = await suspended({ next: "failed", checks: 0 });
    h.clock.advance(60_000);
    expect(await h.kernel.dispatch({ type: "stage.pollSuspended" })).toMatchObject({
      checked: 1,
      failed: 1,
    });
    const stage = await h.persistence.getStage(runId, "embed");
    expect(stage?.status).toBe("FAILED");
    expect(stage?.error).toMatchObject({ code: "BATCH_FAILED" });
    expect(stage?.error?.message).toContain("the provider cancelled the batch");
    const events = await h.events(runId);
    expect(events.at(-2)).toMatchObject({ type: "stage:failed", willRetry: false });
    expect(events.at(-1)).toMatchObject({
      type: "workflow:failed",
      error: { stageId: "embed", code: "BATCH_FAILED" },
    });
  });

  it("treats a throwing checkCompletion as not ready and logs it", async () => {
    const batch: FakeBatch = { next: "throw", checks: 0 };
    const { h, runId } = await suspended(batch);
    h.clock.advance(60_000);
    expect(await h.kernel.dispatch({ type: "stage.pollSuspended" })).toMatchObject({
      checked: 1,
      failed: 0,
    });
    expect((await h.persistence.getStage(runId, "embed"))?.status).toBe("SUSPENDED");
    const logs = await h.persistence.getLogs(runId, { stageId: "embed" });
    expect(logs.map((l) => [l.level, l.message])).toContainEqual([
      "WARN",
      "checkCompletion threw; the stage stays suspended until its deadline",
    ]);
    expect(logs.find((l) => l.level === "WARN")?.meta).toEqual({ error: "provider unreachable" });
  });

  it("fails a stage still suspended at maxWaitTime with a STAGE_TIMEOUT error", async () => {
    const batch: FakeBatch = { next: "throw", checks: 0 };
    const { h, runId } = await suspended(batch, 60_000, 120_000);
    h.clock.advance(60_000);
    await h.kernel.dispatch({ type: "stage.pollSuspended" });
    h.clock.advance(60_000);
    expect(await h.kernel.dispatch({ type: "stage.pollSuspended" })).toMatchObject({
      checked: 1,
      failed: 1,
    });
    expect(batch.checks).toBe(1);
    const run = await h.run(runId);
    expect(run.status).toBe("FAILED");
    expect(run.error).toMatchObject({ code: "STAGE_TIMEOUT", stageId: "embed" });
    expect(run.error?.message).toContain("timed out");
  });

  it("calls onCancel with reason timeout after the timeout failure commits", async () => {
    const batch: FakeBatch = { next: "pending", checks: 0, cancels: [] };
    const { h, runId } = await suspended(batch, 60_000, 120_000);
    batch.readStageStatus = async () => (await h.persistence.getStage(runId, "embed"))?.status;
    h.clock.advance(60_000);
    await h.kernel.dispatch({ type: "stage.pollSuspended" });
    expect(batch.cancels).toEqual([]);
    h.clock.advance(60_000);
    expect(await h.kernel.dispatch({ type: "stage.pollSuspended" })).toMatchObject({
      checked: 1,
      failed: 1,
    });
    expect(batch.cancels).toEqual([
      {
        state: expect.objectContaining({ batchId: "batch-1" }),
        reason: "timeout",
        stageStatus: "FAILED",
      },
    ]);
    const logs = await h.persistence.getLogs(runId, { stageId: "embed" });
    expect(logs.map((l) => [l.level, l.message])).toContainEqual(["INFO", "cancelling batch-1"]);
  });

  it("logs a throwing onCancel on timeout at WARN without changing the result", async () => {
    const batch: FakeBatch = { next: "pending", checks: 0, cancels: [], cancelThrows: true };
    const { h, runId } = await suspended(batch, 60_000, 60_000);
    h.clock.advance(60_000);
    expect(await h.kernel.dispatch({ type: "stage.pollSuspended" })).toEqual({
      checked: 1,
      resumed: 0,
      failed: 1,
      resumedWorkflowRunIds: [],
    });
    expect(batch.cancels).toHaveLength(1);
    expect((await h.run(runId)).error).toMatchObject({ code: "STAGE_TIMEOUT" });
    const warn = (await h.persistence.getLogs(runId, { stageId: "embed" })).find(
      (l) => l.level === "WARN",
    );
    expect(warn?.message).toBe("onCancel threw; the vendor batch may still be running");
    expect(warn?.meta).toEqual({ reason: "timeout", error: "vendor said no" });
  });

  it("does not call onCancel when the batch fails or completes", async () => {
    const failed: FakeBatch = { next: "failed", checks: 0, cancels: [] };
    const a = await suspended(failed);
    a.h.clock.advance(60_000);
    expect(await a.h.kernel.dispatch({ type: "stage.pollSuspended" })).toMatchObject({ failed: 1 });
    expect(failed.cancels).toEqual([]);
    const ready: FakeBatch = { next: "ready", checks: 0, cancels: [] };
    const b = await suspended(ready);
    b.h.clock.advance(60_000);
    expect(await b.h.kernel.dispatch({ type: "stage.pollSuspended" })).toMatchObject({
      resumed: 1,
    });
    expect(ready.cancels).toEqual([]);
  });

  it("runs checkCompletion with no transaction open and gives it storage and config", async () => {
    let seen: string | undefined;
    const batch: FakeBatch = { next: "ready", checks: 0 };
    const { h, runId } = await suspended(batch);
    // A root call made inside a transaction throws in the in-memory adapter (and would make the
    // check count as not ready).
    batch.onCheck = async () => {
      seen = (await h.persistence.getStage(runId, "embed"))?.status;
    };
    h.clock.advance(60_000);
    const result = await h.kernel.dispatch({ type: "stage.pollSuspended" });
    expect(result.resumed).toBe(1);
    expect(seen).toBe("SUSPENDED");
    // The check read what execute saved in ctx.storage.
    expect(await h.blobStore.get(`runs/${runId}/stages/embed/output`)).toEqual({
      vectors: [0, 1, 2],
    });
  });

  it("two concurrent pollers never check the same stage", async () => {
    const batch: FakeBatch = { next: "pending", checks: 0 };
    const { h } = await suspended(batch);
    h.clock.advance(60_000);
    const [a, b] = await Promise.all([
      h.kernel.dispatch({ type: "stage.pollSuspended" }),
      h.kernel.dispatch({ type: "stage.pollSuspended" }),
    ]);
    expect(a.checked + b.checked).toBe(1);
    expect(batch.checks).toBe(1);
  });

  it("skips stages of runs that are no longer RUNNING", async () => {
    const batch: FakeBatch = { next: "ready", checks: 0 };
    const { h, runId } = await suspended(batch);
    await h.kernel.dispatch({ type: "run.cancel", workflowRunId: runId });
    h.clock.advance(60_000);
    expect(await h.kernel.dispatch({ type: "stage.pollSuspended" })).toMatchObject({ checked: 0 });
    expect(batch.checks).toBe(0);
  });
});
