import { describe, expect, it } from "vitest";
import { createHarness } from "./helpers/harness";
import { linearWorkflow } from "./helpers/workflows";

describe("scenario: linear workflow a → b → c", () => {
  it("passes each stage's output to the next and completes with the last output", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "hi" });
    const run = await h.drive(runId);

    expect(run.status).toBe("COMPLETED");
    const a = { by: "a", saw: { text: "hi" } };
    const b = { by: "b", saw: a };
    expect(run.output).toEqual({ by: "c", saw: b });
    expect(run.completedAt).not.toBeNull();

    const events = await h.events(runId);
    expect(events.map((e) => e.type)).toEqual([
      "workflow:created",
      "workflow:started",
      "stage:started",
      "stage:completed",
      "stage:started",
      "stage:completed",
      "stage:started",
      "stage:completed",
      "workflow:completed",
    ]);
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const completed = events.at(-1);
    expect(completed).toMatchObject({
      type: "workflow:completed",
      output: { by: "c", saw: b },
      totalCost: 0,
      totalTokens: 0,
    });
  });

  it("advances to the next group in the same command that completes a group", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    await h.claim();
    const job = await h.dequeue();
    expect(job?.stageId).toBe("a");
    if (job === undefined) return;
    await h.execute(job);
    const run = await h.run(runId);
    expect(run.currentGroup).toBe(2);
    const next = await h.dequeue();
    expect(next?.stageId).toBe("b");
  });

  it("stores outputs in the blob store under runs/<runId>/stages/<stageId>/output", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    await h.drive(runId);
    expect(await h.blobStore.list(`runs/${runId}/`)).toEqual([
      `runs/${runId}/stages/a/output`,
      `runs/${runId}/stages/b/output`,
      `runs/${runId}/stages/c/output`,
    ]);
    const stages = await h.persistence.getStagesByRun(runId);
    expect(stages.map((s) => [s.stageId, s.status, s.groupIndex])).toEqual([
      ["a", "COMPLETED", 1],
      ["b", "COMPLETED", 2],
      ["c", "COMPLETED", 3],
    ]);
  });
});
