import { describe, expect, it } from "vitest";
import { createHarness } from "./helpers/harness";
import { diamondWorkflow } from "./helpers/workflows";

describe("scenario: a run whose next step was lost", () => {
  it("run.reapStuck re-enqueues the lost job and the run completes", async () => {
    const h = createHarness([diamondWorkflow()]);
    // The run loses its group-2 job for "c" (e.g. a queue that dropped a message).
    const second = await h.create("diamond", { n: 2 });
    await h.claim();
    const a = await h.dequeue();
    if (a === undefined) throw new Error("no job");
    await h.execute(a);
    await h.persistence.deleteJobs(second, ["c"]);
    await h.runDueJobs(); // b completes; c has no job: the run is stuck at group 2
    expect((await h.run(second)).currentGroup).toBe(2);
    expect((await h.persistence.getStage(second, "c"))?.status).toBe("PENDING");

    h.clock.advance(120_000);
    expect(await h.kernel.dispatch({ type: "run.reapStuck" })).toEqual({ repaired: [second] });
    const done = await h.drive(second);
    expect(done.status).toBe("COMPLETED");
    expect((await h.events(second)).filter((e) => e.type === "workflow:completed")).toHaveLength(1);
  });
});
