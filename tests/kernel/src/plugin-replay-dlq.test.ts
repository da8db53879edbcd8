import { describe, expect, it } from "vitest";
import { createHarness } from "./helpers/harness";
import { linearWorkflow } from "./helpers/workflows";

describe("plugin.replayDLQ", () => {
  it("moves dead-lettered events back so the next flush publishes them", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    h.eventSink.failNext(3);
    for (let i = 0; i < 3; i++) await h.flushThenWait();
    expect((await h.persistence.listDeadLetters(10)).map((e) => e.type)).toEqual([
      "workflow:created",
    ]);
    expect(h.eventSink.events).toEqual([]);

    expect(await h.kernel.dispatch({ type: "plugin.replayDLQ" })).toEqual({ replayed: 1 });
    expect(await h.persistence.listDeadLetters(10)).toEqual([]);
    expect(await h.kernel.dispatch({ type: "outbox.flush" })).toEqual({ published: 1 });
    expect(h.eventSink.forRun(runId).map((e) => e.type)).toEqual(["workflow:created"]);
  });

  it("replays at most maxEvents", async () => {
    const h = createHarness([linearWorkflow()]);
    await h.create("linear", { text: "1" });
    await h.create("linear", { text: "2" });
    h.eventSink.failNext(6);
    for (let i = 0; i < 3; i++) await h.flushThenWait();
    expect(await h.persistence.listDeadLetters(10)).toHaveLength(2);
    expect(await h.kernel.dispatch({ type: "plugin.replayDLQ", maxEvents: 1 })).toEqual({
      replayed: 1,
    });
    expect(await h.persistence.listDeadLetters(10)).toHaveLength(1);
  });
});
