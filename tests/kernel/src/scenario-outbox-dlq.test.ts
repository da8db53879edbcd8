import { createPluginRunner, definePlugin, type StageflowEvent } from "@stageflow/kernel";
import { CollectingEventSink } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { createHarness } from "./helpers/harness";
import { linearWorkflow } from "./helpers/workflows";

describe("scenario: outbox failure → DLQ → replay, through plugins", () => {
  it("a plugin that keeps failing dead-letters its event after 3 flushes; replay delivers it", async () => {
    let pluginDown = true;
    const handled: StageflowEvent["type"][] = [];
    const downstream = new CollectingEventSink();
    const runner = createPluginRunner({
      plugins: [
        definePlugin({
          name: "audit",
          handlers: {
            "workflow:completed": (event) => {
              if (pluginDown) throw new Error("audit service down");
              handled.push(event.type);
            },
            "workflow:created": (event) => void handled.push(event.type),
          },
        }),
      ],
      eventSink: downstream,
      maxRetries: 1,
    });
    const h = createHarness([linearWorkflow()], { eventSink: runner });
    const runId = await h.create("linear", { text: "x" });
    await h.drive(runId);

    await h.flushThenWait();
    expect(
      downstream
        .forRun(runId)
        .map((e) => e.type)
        .at(-1),
    ).toBe("stage:completed");
    await h.flushThenWait();
    await h.flushThenWait();

    const [dead] = await h.persistence.listDeadLetters(10);
    expect(dead).toMatchObject({ type: "workflow:completed", status: "DLQ", retryCount: 3 });
    expect(dead?.lastError).toContain('Plugin "audit" failed to handle "workflow:completed"');

    // Later events of the run are not blocked by a dead-lettered one.
    const later = await h.create("linear", { text: "y" });
    expect(await h.kernel.dispatch({ type: "outbox.flush" })).toEqual({ published: 1 });
    expect(downstream.forRun(later).map((e) => e.type)).toEqual(["workflow:created"]);

    pluginDown = false;
    expect(await h.kernel.dispatch({ type: "plugin.replayDLQ" })).toEqual({ replayed: 1 });
    expect(await h.kernel.dispatch({ type: "outbox.flush" })).toEqual({ published: 1 });
    expect(downstream.forRun(runId).at(-1)).toMatchObject({
      type: "workflow:completed",
      sequence: 9,
    });
    expect(handled.filter((t) => t === "workflow:completed")).toHaveLength(1);
  });

  it("the outbox's maxRetries is configurable", async () => {
    const h = createHarness([linearWorkflow()], { outbox: { maxRetries: 1 } });
    await h.create("linear", { text: "x" });
    h.eventSink.failNext(1);
    await h.kernel.dispatch({ type: "outbox.flush" });
    expect(await h.persistence.listDeadLetters(10)).toHaveLength(1);
  });
});
