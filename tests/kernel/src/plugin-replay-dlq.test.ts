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

  it("replays only the listed dead letters, ignoring unknown ids", async () => {
    const h = createHarness([linearWorkflow()]);
    const first = await h.create("linear", { text: "1" });
    const second = await h.create("linear", { text: "2" });
    h.eventSink.failNext(6);
    for (let i = 0; i < 3; i++) await h.flushThenWait();
    const letters = await h.persistence.listDeadLetters(10);
    expect(letters).toHaveLength(2);
    const secondEvent = letters.find((event) => event.workflowRunId === second);
    expect(
      await h.kernel.dispatch({
        type: "plugin.replayDLQ",
        eventIds: [secondEvent?.id ?? "", "unknown-event", secondEvent?.id ?? ""],
      }),
    ).toEqual({ replayed: 1 });
    expect((await h.persistence.listDeadLetters(10)).map((event) => event.workflowRunId)).toEqual([
      first,
    ]);
    expect(await h.kernel.dispatch({ type: "outbox.flush" })).toEqual({ published: 1 });
    expect(h.eventSink.forRun(second).map((e) => e.type)).toEqual(["workflow:created"]);
    expect(h.eventSink.forRun(first)).toEqual([]);
    expect(
      await h.kernel.dispatch({ type: "plugin.replayDLQ", eventIds: ["unknown-event"] }),
    ).toEqual({ replayed: 0 });
  });

  it("rejects malformed eventIds with INVALID_COMMAND and replays nothing", async () => {
    const h = createHarness([linearWorkflow()]);
    await h.create("linear", { text: "1" });
    h.eventSink.failNext(3);
    for (let i = 0; i < 3; i++) await h.flushThenWait();
    const [letter] = await h.persistence.listDeadLetters(10);
    const id = letter?.id ?? "";
    const bad: unknown[] = [
      [],
      "one-id",
      [id, ""],
      [id, 7],
      Array.from({ length: 1001 }, () => id),
    ];
    for (const eventIds of bad) {
      await expect(
        h.kernel.dispatch({ type: "plugin.replayDLQ", eventIds } as never),
      ).rejects.toMatchObject({ code: "INVALID_COMMAND" });
    }
    expect((await h.persistence.listDeadLetters(10)).map((event) => event.id)).toEqual([id]);
  });
});
