import { describe, expect, it } from "vitest";
import { createHarness } from "./helpers/harness";
import { parallelWorkflow } from "./helpers/workflows";

describe("scenario: a parallel group", () => {
  it("queues both stages at once, runs them on different workers, and outputs an object keyed by stage id", async () => {
    const h = createHarness([parallelWorkflow()]);
    const runId = await h.create("parallel", { n: 2 });
    await h.claim();
    const x = await h.dequeue("w1");
    const y = await h.dequeue("w2");
    expect([x?.stageId, y?.stageId].sort()).toEqual(["x", "y"]);
    if (x === undefined || y === undefined) return;
    expect(await h.execute(x)).toMatchObject({ outcome: "completed" });
    expect((await h.run(runId)).status).toBe("RUNNING"); // y is not done yet
    await h.execute(y);
    const run = await h.run(runId);
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({
      x: { by: "x", saw: { n: 2 } },
      y: { by: "y", saw: { n: 2 } },
    });
    expect((await h.events(runId)).filter((e) => e.type === "workflow:completed")).toHaveLength(1);
  });
});
