import { describe, expect, it } from "vitest";
import { createHarness } from "./helpers/harness";
import { completeStageWithoutTransition } from "./helpers/manual";
import {
  batchWorkflow,
  type FakeBatch,
  linearWorkflow,
  parallelWorkflow,
} from "./helpers/workflows";

describe("run.reapStuck", () => {
  it("applies a lost transition when the current group is all COMPLETED", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    await h.claim();
    await completeStageWithoutTransition(h, runId, "a", { by: "a", saw: "x" });
    h.clock.advance(61_000);
    expect(await h.kernel.dispatch({ type: "run.reapStuck" })).toEqual({ repaired: [runId] });
    expect((await h.run(runId)).currentGroup).toBe(2);
    expect((await h.dequeue())?.stageId).toBe("b");
  });

  it("re-enqueues a job for each unfinished stage without a live job, creating missing stage records", async () => {
    const h = createHarness([parallelWorkflow()]);
    const runId = await h.create("parallel", { n: 1 });
    await h.claim();
    // Lose both jobs and y's stage record (what a buggy adapter or manual surgery could leave).
    await h.persistence.deleteJobs(runId, ["x", "y"]);
    await h.persistence.deleteStages(runId, ["y"]);
    h.clock.advance(61_000);
    expect(await h.kernel.dispatch({ type: "run.reapStuck", stuckThresholdMs: 60_000 })).toEqual({
      repaired: [runId],
    });
    const jobs = await h.persistence.getJobsByRun(runId);
    expect(jobs.map((j) => [j.stageId, j.status]).sort()).toEqual([
      ["x", "PENDING"],
      ["y", "PENDING"],
    ]);
    expect((await h.persistence.getStagesByRun(runId)).map((s) => s.stageId)).toEqual(["x", "y"]);
    expect((await h.drive(runId)).status).toBe("COMPLETED");
  });

  it("never touches a run with a live job, even one whose heartbeat is old", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    await h.claim();
    await h.dequeue("slow-worker");
    h.clock.advance(10 * 60_000);
    const before = await h.persistence.getJobsByRun(runId);
    expect(await h.kernel.dispatch({ type: "run.reapStuck" })).toEqual({ repaired: [] });
    expect(await h.persistence.getJobsByRun(runId)).toEqual(before);
    expect((await h.run(runId)).status).toBe("RUNNING");
  });

  it("never touches a run whose current stage is suspended", async () => {
    const batch: FakeBatch = { next: "pending", checks: 0 };
    const h = createHarness([batchWorkflow(batch)]);
    const runId = await h.create("batch", { text: "x" });
    await h.claim();
    await h.runDueJobs();
    h.clock.advance(30 * 60_000);
    expect(await h.kernel.dispatch({ type: "run.reapStuck" })).toEqual({ repaired: [] });
    expect((await h.persistence.getStage(runId, "embed"))?.status).toBe("SUSPENDED");
    expect((await h.run(runId)).status).toBe("RUNNING");
  });

  it("ignores runs updated within the threshold", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    await h.claim();
    await completeStageWithoutTransition(h, runId, "a", {});
    h.clock.advance(30_000);
    expect(await h.kernel.dispatch({ type: "run.reapStuck", stuckThresholdMs: 60_000 })).toEqual({
      repaired: [],
    });
  });
});
