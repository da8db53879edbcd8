import { defineStage } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { expectStageflowError } from "./helpers/expect-error";
import { createHarness } from "./helpers/harness";
import { echoStage, linearWorkflow, workflowOf } from "./helpers/workflows";

async function completedLinear() {
  const h = createHarness([linearWorkflow()]);
  const runId = await h.create("linear", { text: "x" });
  await h.drive(runId);
  return { h, runId };
}

async function snapshot(h: ReturnType<typeof createHarness>, runId: string) {
  return {
    run: await h.run(runId),
    stages: await h.persistence.getStagesByRun(runId),
    jobs: await h.persistence.getJobsByRun(runId),
    outbox: await h.persistence.getOutboxEvents(runId),
    blobs: await h.blobStore.list(`runs/${runId}/`),
  };
}

describe("run.rerunFrom", () => {
  it("deletes the target group and later ones and re-queues from there", async () => {
    const { h, runId } = await completedLinear();
    const result = await h.kernel.dispatch({
      type: "run.rerunFrom",
      workflowRunId: runId,
      fromStageId: "b",
    });
    expect(result).toEqual({ workflowRunId: runId, fromStageId: "b", deletedStages: ["b", "c"] });

    const run = await h.run(runId);
    expect(run).toMatchObject({
      status: "RUNNING",
      currentGroup: 2,
      output: null,
      error: null,
      completedAt: null,
    });
    const stages = await h.persistence.getStagesByRun(runId);
    expect(stages.map((s) => [s.stageId, s.status])).toEqual([
      ["a", "COMPLETED"],
      ["b", "PENDING"],
    ]);
    expect(await h.blobStore.list(`runs/${runId}/`)).toEqual([`runs/${runId}/stages/a/output`]);
    const jobs = await h.persistence.getJobsByRun(runId);
    expect(jobs.map((j) => [j.stageId, j.status, j.attempt])).toEqual([
      ["a", "COMPLETED", 1],
      ["b", "PENDING", 1],
    ]);
    const events = await h.events(runId);
    expect(events.at(-1)).toMatchObject({
      type: "workflow:rerun",
      fromStageId: "b",
      fromGroup: 2,
      deletedStages: ["b", "c"],
    });

    const again = await h.drive(runId);
    expect(again.status).toBe("COMPLETED");
    expect(again.output).toEqual({
      by: "c",
      saw: { by: "b", saw: { by: "a", saw: { text: "x" } } },
    });
  });

  it("reruns a FAILED run from its failed stage", async () => {
    let broken = true;
    const fragile = defineStage({
      id: "fragile",
      name: "Fragile",
      retry: { maxAttempts: 1 },
      schemas: { input: z.unknown(), output: z.unknown(), config: z.object({}) },
      async execute(ctx) {
        if (broken) throw new Error("bug");
        return { output: { fixed: ctx.input } };
      },
    });
    const h = createHarness([workflowOf("fragile", [echoStage("a"), fragile])]);
    const runId = await h.create("fragile", 1);
    expect((await h.drive(runId)).status).toBe("FAILED");
    broken = false;
    const result = await h.kernel.dispatch({
      type: "run.rerunFrom",
      workflowRunId: runId,
      fromStageId: "fragile",
    });
    expect(result.deletedStages).toEqual(["fragile"]);
    const run = await h.drive(runId);
    expect(run).toMatchObject({ status: "COMPLETED", output: { fixed: { by: "a", saw: 1 } } });
  });

  it("rejects an unknown run with RunNotFoundError", async () => {
    const h = createHarness([linearWorkflow()]);
    const error = await expectStageflowError(
      h.kernel.dispatch({ type: "run.rerunFrom", workflowRunId: "nope", fromStageId: "a" }),
    );
    expect(error.code).toBe("RUN_NOT_FOUND");
  });

  it("rejects a stage not in the workflow and changes nothing", async () => {
    const { h, runId } = await completedLinear();
    const before = await snapshot(h, runId);
    const error = await expectStageflowError(
      h.kernel.dispatch({
        type: "run.rerunFrom",
        workflowRunId: runId,
        fromStageId: "non-existent",
      }),
    );
    expect(error.code).toBe("STAGE_NOT_IN_WORKFLOW");
    expect(error.message).toBe('Stage "non-existent" not found in workflow "linear"');
    expect(await snapshot(h, runId)).toEqual(before);
  });

  it("rejects a run that has not started", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    const error = await expectStageflowError(
      h.kernel.dispatch({ type: "run.rerunFrom", workflowRunId: runId, fromStageId: "a" }),
    );
    expect(error.code).toBe("RERUN_NOT_ALLOWED");
  });

  it("rejects a RUNNING run with live jobs and changes nothing", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    await h.claim();
    const before = await snapshot(h, runId);
    const error = await expectStageflowError(
      h.kernel.dispatch({ type: "run.rerunFrom", workflowRunId: runId, fromStageId: "a" }),
    );
    expect(error.code).toBe("RERUN_NOT_ALLOWED");
    expect(error.message).toContain("live job");
    expect(await snapshot(h, runId)).toEqual(before);
  });

  it("rejects a target whose earlier groups are not all completed, naming the group", async () => {
    const failing = defineStage({
      id: "a",
      name: "A",
      retry: { maxAttempts: 1 },
      schemas: { input: z.unknown(), output: z.unknown(), config: z.object({}) },
      execute: async () => {
        throw new Error("nope");
      },
    });
    const h = createHarness([workflowOf("w", [failing, echoStage("b"), echoStage("c")])]);
    const runId = await h.create("w", 1);
    await h.drive(runId);
    const before = await snapshot(h, runId);
    const error = await expectStageflowError(
      h.kernel.dispatch({ type: "run.rerunFrom", workflowRunId: runId, fromStageId: "c" }),
    );
    expect(error.code).toBe("RERUN_NOT_ALLOWED");
    expect(error.message).toBe(
      'Cannot rerun from stage "c": execution group 1 (before group 3) is not completed: "a" has no completed run',
    );
    expect(await snapshot(h, runId)).toEqual(before);
  });
});
