import type { AnyWorkflow } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { expectStageflowError } from "./helpers/expect-error";
import { createHarness } from "./helpers/harness";
import { completeStageWithoutTransition } from "./helpers/manual";
import { diamondWorkflow, linearWorkflow, parallelWorkflow } from "./helpers/workflows";

async function claimed(workflow: AnyWorkflow, input: unknown) {
  const h = createHarness([workflow]);
  const runId = await h.create(workflow.id, input);
  await h.claim();
  return { h, runId };
}

describe("run.transition", () => {
  it("is a noop while the current group is not done", async () => {
    const { h, runId } = await claimed(linearWorkflow(), { text: "x" });
    expect(await h.kernel.dispatch({ type: "run.transition", workflowRunId: runId })).toEqual({
      action: "noop",
    });
    expect((await h.run(runId)).currentGroup).toBe(1);
  });

  it("advances a run whose group completed but whose advance was lost", async () => {
    const { h, runId } = await claimed(linearWorkflow(), { text: "x" });
    await completeStageWithoutTransition(h, runId, "a", { by: "a", saw: "x" });
    expect(await h.kernel.dispatch({ type: "run.transition", workflowRunId: runId })).toEqual({
      action: "advanced",
      currentGroup: 2,
    });
    const job = await h.dequeue();
    expect(job?.stageId).toBe("b");
  });

  it("completes the run after the last group with the group's output keyed by stage id", async () => {
    const { h, runId } = await claimed(parallelWorkflow(), { n: 1 });
    await completeStageWithoutTransition(h, runId, "x", 1);
    await completeStageWithoutTransition(h, runId, "y", 2);
    expect(await h.kernel.dispatch({ type: "run.transition", workflowRunId: runId })).toEqual({
      action: "completed",
    });
    const run = await h.run(runId);
    expect(run).toMatchObject({ status: "COMPLETED", output: { x: 1, y: 2 } });
    const events = await h.events(runId);
    expect(events.filter((e) => e.type === "workflow:completed")).toHaveLength(1);
  });

  it("fails the run when a stage of the current group is FAILED", async () => {
    const { h, runId } = await claimed(diamondWorkflow(), { n: 1 });
    const now = h.clock.now();
    const stage = await h.persistence.getStage(runId, "a");
    if (stage === null) throw new Error("no stage");
    await h.persistence.updateStage(
      stage.id,
      { status: "FAILED", error: { message: "boom" } },
      now,
    );
    expect(await h.kernel.dispatch({ type: "run.transition", workflowRunId: runId })).toEqual({
      action: "failed",
    });
    const run = await h.run(runId);
    expect(run.status).toBe("FAILED");
    expect(run.error).toEqual({ message: "boom", stageId: "a" });
    expect((await h.persistence.getJobsByRun(runId)).map((j) => j.status)).toEqual(["CANCELLED"]);
    const failed = (await h.events(runId)).find((e) => e.type === "workflow:failed");
    expect(failed).toMatchObject({ error: { message: "boom", stageId: "a" } });
  });

  it("is a noop for a run that is not RUNNING", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    expect(await h.kernel.dispatch({ type: "run.transition", workflowRunId: runId })).toEqual({
      action: "noop",
    });
  });

  it("rejects an unknown run with RunNotFoundError", async () => {
    const h = createHarness([linearWorkflow()]);
    const error = await expectStageflowError(
      h.kernel.dispatch({ type: "run.transition", workflowRunId: "missing" }),
    );
    expect(error.code).toBe("RUN_NOT_FOUND");
  });

  it("racing transitions advance exactly once", async () => {
    const { h, runId } = await claimed(linearWorkflow(), { text: "x" });
    await completeStageWithoutTransition(h, runId, "a", { by: "a", saw: "x" });
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        h.kernel.dispatch({ type: "run.transition", workflowRunId: runId }),
      ),
    );
    expect(results.filter((r) => r.action === "advanced")).toHaveLength(1);
    expect(results.filter((r) => r.action === "noop")).toHaveLength(4);
    expect((await h.persistence.getStagesByRun(runId)).map((s) => s.stageId)).toEqual(["a", "b"]);
    expect((await h.persistence.getJobsByRun(runId)).filter((j) => j.stageId === "b")).toHaveLength(
      1,
    );
  });
});
