import { describe, expect, it } from "vitest";
import { createHarness } from "./helpers/harness";
import { linearWorkflow } from "./helpers/workflows";

describe("scenario: a redelivered job of a COMPLETED stage", () => {
  it("returns the stored output without running the body again", async () => {
    let executed = 0;
    const h = createHarness([linearWorkflow({ onExecute: () => void executed++ })]);
    const runId = await h.create("linear", { text: "x" });
    await h.claim();
    const first = await h.dequeue();
    if (first === undefined) throw new Error("no job");
    const original = await h.execute(first);
    expect(executed).toBe(1);

    // The queue delivers stage "a" again (e.g. an at-least-once external queue).
    const again = await h.redeliver(runId, "linear", "a");
    const leased = await h.dequeue();
    expect(leased?.id).toBe(again.id);
    if (leased === undefined) return;
    const outboxBefore = (await h.persistence.getOutboxEvents(runId)).length;
    const replay = await h.execute(leased);

    expect(replay).toEqual({ outcome: "completed", output: original.output });
    expect(executed).toBe(1);
    expect((await h.persistence.getJob(leased.id))?.status).toBe("COMPLETED");
    expect((await h.persistence.getOutboxEvents(runId)).length).toBe(outboxBefore);
    expect((await h.run(runId)).currentGroup).toBe(2);
  });
});
