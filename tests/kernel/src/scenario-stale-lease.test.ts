import { describe, expect, it } from "vitest";
import { createHarness } from "./helpers/harness";
import { linearWorkflow } from "./helpers/workflows";

describe("scenario: a worker dies holding a lease", () => {
  it("the lease is reaped and another worker finishes the run", async () => {
    let executions = 0;
    const h = createHarness([linearWorkflow({ onExecute: () => void executions++ })]);
    const runId = await h.create("linear", { text: "x" });
    await h.claim();
    const job = await h.dequeue("crashed");
    expect(job?.stageId).toBe("a");
    // The crashed worker never runs the job and never heartbeats.
    expect(await h.dequeue("survivor")).toBeUndefined();
    h.clock.advance(61_000);
    expect(await h.kernel.dispatch({ type: "lease.reapStale", staleThresholdMs: 60_000 })).toEqual({
      released: 1,
    });
    const retaken = await h.dequeue("survivor");
    expect(retaken?.id).toBe(job?.id);
    if (retaken === undefined) return;
    await h.execute(retaken);
    const run = await h.drive(runId);
    expect(run.status).toBe("COMPLETED");
    expect(executions).toBe(1);
  });

  it("a stage left RUNNING by a crash mid-body is executed again from phase 1", async () => {
    let executions = 0;
    const h = createHarness([linearWorkflow({ onExecute: () => void executions++ })]);
    const runId = await h.create("linear", { text: "x" });
    await h.claim();
    const job = await h.dequeue("crashed");
    if (job === undefined) throw new Error("no job");
    // Phase 1 committed, then the process died: simulate by marking the stage RUNNING.
    const stage = await h.persistence.getStage(runId, "a");
    if (stage === null) throw new Error("no stage");
    await h.persistence.updateStage(
      stage.id,
      { status: "RUNNING", startedAt: h.clock.now() },
      h.clock.now(),
    );
    h.clock.advance(61_000);
    await h.kernel.dispatch({ type: "lease.reapStale", staleThresholdMs: 60_000 });
    const run = await h.drive(runId);
    expect(run.status).toBe("COMPLETED");
    expect(executions).toBe(1);
  });
});
