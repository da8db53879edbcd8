import type { StageflowEvent } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import { CollectingEventSink } from "../src/index";

const base = { workflowId: "wf", timestamp: "2025-01-01T00:00:00.000Z" };
const created = (runId: string): StageflowEvent => ({
  ...base,
  type: "workflow:created",
  workflowRunId: runId,
  priority: 5,
});
const started = (runId: string): StageflowEvent => ({
  ...base,
  type: "workflow:started",
  workflowRunId: runId,
  workerId: "w",
});

describe("CollectingEventSink", () => {
  it("collects emitted events in order", async () => {
    const sink = new CollectingEventSink();
    await sink.emit(created("r1"));
    await sink.emit(started("r1"));
    await sink.emit(created("r2"));
    expect(sink.events).toEqual([created("r1"), started("r1"), created("r2")]);
    expect(sink.types()).toEqual(["workflow:created", "workflow:started", "workflow:created"]);
  });

  it("filters by type (typed) and by run", async () => {
    const sink = new CollectingEventSink();
    await sink.emit(created("r1"));
    await sink.emit(started("r1"));
    await sink.emit(created("r2"));
    const createdEvents = sink.ofType("workflow:created");
    expect(createdEvents.map((e) => [e.workflowRunId, e.priority])).toEqual([
      ["r1", 5],
      ["r2", 5],
    ]);
    expect(sink.forRun("r1").map((e) => e.type)).toEqual(["workflow:created", "workflow:started"]);
  });

  it("stores copies of events", async () => {
    const sink = new CollectingEventSink();
    const event = created("r1");
    await sink.emit(event);
    event.workflowRunId = "changed";
    expect(sink.events[0]?.workflowRunId).toBe("r1");
  });

  it("clears collected events and failures", async () => {
    const sink = new CollectingEventSink();
    await sink.emit(created("r1"));
    sink.failNext(1);
    await expect(sink.emit(created("r2"))).rejects.toThrow();
    sink.clear();
    expect(sink.events).toEqual([]);
    expect(sink.failures).toEqual([]);
  });

  it("failNext rejects the next emits (not recorded as events), then recovers", async () => {
    const sink = new CollectingEventSink();
    sink.failNext(2);
    await expect(sink.emit(created("r1"))).rejects.toThrow(
      'injected failure for "workflow:created"',
    );
    await expect(sink.emit(started("r1"))).rejects.toThrow();
    await sink.emit(created("r2"));
    expect(sink.events.map((e) => e.workflowRunId)).toEqual(["r2"]);
    expect(sink.failures.map((f) => f.event.type)).toEqual([
      "workflow:created",
      "workflow:started",
    ]);
  });

  it("failNext uses the given error or error factory", async () => {
    const sink = new CollectingEventSink();
    const error = new Error("sink down");
    sink.failNext(1, error);
    await expect(sink.emit(created("r1"))).rejects.toBe(error);
    sink.failNext(1, (event) => new Error(`no ${event.type}`));
    await expect(sink.emit(started("r1"))).rejects.toThrow("no workflow:started");
    expect(sink.failures.map((f) => f.error.message)).toEqual(["sink down", "no workflow:started"]);
  });

  it("failWhen rejects matching events until removed", async () => {
    const sink = new CollectingEventSink();
    const stop = sink.failWhen((event) => event.type === "workflow:started");
    await sink.emit(created("r1"));
    await expect(sink.emit(started("r1"))).rejects.toThrow();
    await expect(sink.emit(started("r1"))).rejects.toThrow();
    stop();
    await sink.emit(started("r1"));
    expect(sink.types()).toEqual(["workflow:created", "workflow:started"]);
  });

  it("stopFailing removes every rule", async () => {
    const sink = new CollectingEventSink();
    sink.failNext(5);
    sink.failWhen(() => true);
    sink.stopFailing();
    await sink.emit(created("r1"));
    expect(sink.events).toHaveLength(1);
  });
});
