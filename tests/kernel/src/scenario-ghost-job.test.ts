import { defineStage } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createHarness } from "./helpers/harness";
import { echoStage, linearWorkflow, workflowOf } from "./helpers/workflows";

describe("scenario: ghost jobs", () => {
  it("a job of a run that is no longer RUNNING writes nothing and cancels the run's leftover jobs", async () => {
    let executed = 0;
    const h = createHarness([linearWorkflow({ onExecute: () => void executed++ })]);
    const runId = await h.create("linear", { text: "x" });
    await h.claim();
    const job = await h.dequeue();
    if (job === undefined) throw new Error("no job");
    // The run fails elsewhere (e.g. an operator) while the job sits leased.
    const run = await h.run(runId);
    await h.persistence.updateRun(
      runId,
      { status: "FAILED", error: { message: "stopped" } },
      h.clock.now(),
      {
        expectedVersion: run.version,
      },
    );
    const stagesBefore = await h.persistence.getStagesByRun(runId);
    const outboxBefore = await h.persistence.getOutboxEvents(runId);

    expect(await h.execute(job)).toEqual({ outcome: "skipped", reason: "run is FAILED" });
    expect(executed).toBe(0);
    expect(await h.persistence.getStagesByRun(runId)).toEqual(stagesBefore);
    expect(await h.persistence.getOutboxEvents(runId)).toEqual(outboxBefore);
    expect((await h.persistence.getJob(job.id))?.status).toBe("CANCELLED");
  });

  it("an outcome arriving after the run stopped RUNNING is discarded (phase 3 ghost)", async () => {
    const ports: { h?: ReturnType<typeof createHarness> } = {};
    const canceller = defineStage({
      id: "x",
      name: "X",
      schemas: { input: z.unknown(), output: z.unknown(), config: z.object({}) },
      async execute(ctx) {
        // Another process cancels the run while this body runs (the body ignores ctx.signal).
        await ports.h?.kernel.dispatch({ type: "run.cancel", workflowRunId: ctx.workflowRunId });
        return { output: "done anyway" };
      },
    });
    const h = createHarness([workflowOf("ghost", [[canceller, echoStage("y")]])]);
    ports.h = h;
    const runId = await h.create("ghost", {});
    await h.claim();
    const jobs = await h.jobTransport.dequeue({
      workerId: "worker-1",
      limit: 2,
      now: h.clock.now(),
    });
    const x = jobs.find((j) => j.stageId === "x");
    if (x === undefined) throw new Error("no job");
    const result = await h.execute(x);
    expect(result).toEqual({ outcome: "skipped", reason: "run is CANCELLED" });
    expect((await h.persistence.getStage(runId, "x"))?.status).toBe("CANCELLED");
    expect((await h.persistence.getJob(x.id))?.status).toBe("CANCELLED");
    const types = (await h.events(runId)).map((e) => e.type);
    expect(types).toEqual([
      "workflow:created",
      "workflow:started",
      "stage:started",
      "workflow:cancelled",
    ]);
  });

  it("a job of a run that is still PENDING is skipped without cancelling anything", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    // A job enqueued behind the kernel's back before the claim (the kernel itself never does this).
    await h.jobTransport.enqueue([
      {
        workflowRunId: runId,
        workflowId: "linear",
        stageId: "a",
        priority: 5,
        attempt: 1,
        maxAttempts: 3,
        now: h.clock.now(),
      },
    ]);
    const stray = await h.dequeue();
    if (stray === undefined) throw new Error("no job");
    expect(await h.execute(stray)).toEqual({ outcome: "skipped", reason: "run is PENDING" });
    expect((await h.persistence.getJob(stray.id))?.status).toBe("RUNNING");
    expect((await h.run(runId)).status).toBe("PENDING");
    expect((await h.drive(runId)).status).toBe("COMPLETED");
  });
});
