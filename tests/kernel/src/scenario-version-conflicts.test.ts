import { StaleVersionError } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import { expectStageflowError } from "./helpers/expect-error";
import { createHarness } from "./helpers/harness";
import { completeStageWithoutTransition, withStaleRunReads } from "./helpers/manual";
import { linearWorkflow } from "./helpers/workflows";

describe("scenario: optimistic concurrency", () => {
  it("a stale expected version raises StaleVersionError and changes nothing", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    const run = await h.run(runId);
    const error = await expectStageflowError(
      h.persistence.updateRun(runId, { status: "RUNNING" }, h.clock.now(), {
        expectedVersion: run.version + 1,
      }),
    );
    expect(error.code).toBe("STALE_VERSION");
    expect(error).toBeInstanceOf(StaleVersionError);
    expect(await h.run(runId)).toEqual(run);
  });

  it("run.transition losing a version race is a noop and writes nothing", async () => {
    let lie = false;
    const h = createHarness([linearWorkflow()], {
      wrapPersistence: (p) => withStaleRunReads(p, () => lie),
    });
    const persistence = h.persistence;
    const runId = await h.create("linear", { text: "x" });
    await h.claim();
    await completeStageWithoutTransition(h, runId, "a", { by: "a", saw: "x" });
    const before = await persistence.getRun(runId);
    lie = true;
    expect(await h.kernel.dispatch({ type: "run.transition", workflowRunId: runId })).toEqual({
      action: "noop",
    });
    lie = false;
    expect(await persistence.getRun(runId)).toEqual(before);
    expect((await persistence.getStagesByRun(runId)).map((s) => s.stageId)).toEqual(["a"]);
    // Once the race is over the transition applies.
    expect(await h.kernel.dispatch({ type: "run.transition", workflowRunId: runId })).toMatchObject(
      {
        action: "advanced",
      },
    );
  });

  it("job.execute losing a version race in phase 3 rolls back and skips; the job is retried later", async () => {
    let lie = false;
    const h = createHarness(
      [
        linearWorkflow({
          onExecute: () => {
            lie = true;
          },
        }),
      ],
      {
        wrapPersistence: (p) => withStaleRunReads(p, () => lie),
      },
    );
    const persistence = h.persistence;
    const runId = await h.create("linear", { text: "x" });
    await h.claim();
    const job = await h.dequeue();
    if (job === undefined) throw new Error("no job");
    const result = await h.execute(job);
    lie = false;
    expect(result).toEqual({ outcome: "skipped", reason: "the stage or run changed concurrently" });
    expect((await persistence.getStage(runId, "a"))?.status).toBe("RUNNING");
    expect((await persistence.getJob(job.id))?.status).toBe("RUNNING");
    expect((await persistence.getOutboxEvents(runId)).map((e) => e.type)).not.toContain(
      "stage:completed",
    );
  });
});
