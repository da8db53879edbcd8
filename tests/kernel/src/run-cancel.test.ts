import type { Scheduler } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import { expectStageflowError } from "./helpers/expect-error";
import { createHarness } from "./helpers/harness";
import { diamondWorkflow, linearWorkflow } from "./helpers/workflows";

describe("run.cancel", () => {
  it("cascades to stages and jobs and writes workflow:cancelled with the reason", async () => {
    const h = createHarness([diamondWorkflow()]);
    const runId = await h.create("diamond", { n: 1 });
    await h.claim();
    const a = await h.dequeue();
    if (a === undefined) throw new Error("no job");
    await h.execute(a); // group 2 (b, c) is now queued
    expect(
      await h.kernel.dispatch({ type: "run.cancel", workflowRunId: runId, reason: "user" }),
    ).toEqual({
      cancelled: true,
    });
    const run = await h.run(runId);
    expect(run.status).toBe("CANCELLED");
    expect(run.completedAt).not.toBeNull();
    const stages = await h.persistence.getStagesByRun(runId);
    expect(stages.map((s) => [s.stageId, s.status])).toEqual([
      ["a", "COMPLETED"],
      ["b", "CANCELLED"],
      ["c", "CANCELLED"],
    ]);
    const jobs = await h.persistence.getJobsByRun(runId);
    expect(jobs.map((j) => [j.stageId, j.status]).sort()).toEqual([
      ["a", "COMPLETED"],
      ["b", "CANCELLED"],
      ["c", "CANCELLED"],
    ]);
    expect(await h.dequeue()).toBeUndefined();
    const events = await h.events(runId);
    expect(events.at(-1)).toMatchObject({ type: "workflow:cancelled", reason: "user" });
  });

  it("cancels a PENDING run before it is claimed", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    expect(await h.kernel.dispatch({ type: "run.cancel", workflowRunId: runId })).toEqual({
      cancelled: true,
    });
    expect((await h.claim()).claimed).toEqual([]);
    expect((await h.events(runId)).at(-1)).toMatchObject({
      type: "workflow:cancelled",
      reason: null,
    });
  });

  it("returns { cancelled: false } for a run already terminal and changes nothing", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    await h.drive(runId);
    const before = await h.run(runId);
    expect(await h.kernel.dispatch({ type: "run.cancel", workflowRunId: runId })).toEqual({
      cancelled: false,
    });
    expect(await h.run(runId)).toEqual(before);
  });

  it("rejects an unknown run with RunNotFoundError", async () => {
    const h = createHarness([linearWorkflow()]);
    const error = await expectStageflowError(
      h.kernel.dispatch({ type: "run.cancel", workflowRunId: "nope" }),
    );
    expect(error.code).toBe("RUN_NOT_FOUND");
  });

  it("cancels the run's scheduled triggers when a scheduler is configured", async () => {
    const cancelled: string[] = [];
    const scheduler: Scheduler = {
      schedule: async () => {},
      cancel: async (type, id) => void cancelled.push(`${type}:${id}`),
    };
    const h = createHarness([linearWorkflow()], { scheduler });
    const runId = await h.create("linear", { text: "x" });
    await h.kernel.dispatch({ type: "run.cancel", workflowRunId: runId });
    expect(cancelled.sort()).toEqual([`job.execute:${runId}`, `stage.pollSuspended:${runId}`]);
  });
});
