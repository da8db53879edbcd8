import {
  createKernel,
  createWorkflowRegistry,
  type EventSink,
  type StageflowEvent,
} from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import { createHarness } from "./helpers/harness";
import { linearWorkflow } from "./helpers/workflows";

describe("outbox.flush", () => {
  it("publishes each run's events in sequence order with their sequence, once", async () => {
    const h = createHarness([linearWorkflow()]);
    const r1 = await h.create("linear", { text: "1" });
    const r2 = await h.create("linear", { text: "2" });
    await h.drive(r1);
    await h.drive(r2);
    const { published } = await h.kernel.dispatch({ type: "outbox.flush" });
    expect(published).toBe(18);
    for (const runId of [r1, r2]) {
      expect(h.eventSink.forRun(runId).map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
    expect(await h.kernel.dispatch({ type: "outbox.flush" })).toEqual({ published: 0 });
    const stored = await h.persistence.getOutboxEvents(r1);
    expect(stored.every((e) => e.status === "PUBLISHED" && e.publishedAt !== null)).toBe(true);
  });

  it("honours maxEvents", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "1" });
    await h.drive(runId);
    expect(await h.kernel.dispatch({ type: "outbox.flush", maxEvents: 4 })).toEqual({
      published: 4,
    });
    expect(h.eventSink.forRun(runId).map((e) => e.sequence)).toEqual([1, 2, 3, 4]);
    await h.kernel.dispatch({ type: "outbox.flush" });
    expect(h.eventSink.forRun(runId).map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("after a failure that run's later events wait while other runs' events go out", async () => {
    const h = createHarness([linearWorkflow()]);
    const r1 = await h.create("linear", { text: "1" });
    const r2 = await h.create("linear", { text: "2" });
    await h.claim();
    const stop = h.eventSink.failWhen(
      (e) => e.workflowRunId === r1 && e.type === "workflow:started",
    );
    const { published } = await h.flushThenWait();
    expect(published).toBe(3); // r1: created; r2: created, started
    expect(h.eventSink.forRun(r1).map((e) => e.type)).toEqual(["workflow:created"]);
    expect(h.eventSink.forRun(r2).map((e) => e.type)).toEqual([
      "workflow:created",
      "workflow:started",
    ]);
    const [, started] = await h.persistence.getOutboxEvents(r1);
    expect(started).toMatchObject({ status: "PENDING", retryCount: 1, claimedBy: null });
    expect(started?.lastError).toContain("injected failure");
    stop();
    await h.kernel.dispatch({ type: "outbox.flush" });
    expect(h.eventSink.forRun(r1).map((e) => e.type)).toEqual([
      "workflow:created",
      "workflow:started",
    ]);
  });

  it("two concurrent flushers never publish the same event", async () => {
    const h = createHarness([linearWorkflow()]);
    for (let i = 0; i < 4; i++) await h.drive(await h.create("linear", { text: `${i}` }));
    // A second kernel (another process) over the same storage, with a slow sink.
    const seen: StageflowEvent[] = [];
    const slowSink: EventSink = {
      emit: async (event) => {
        await new Promise((resolve) => setImmediate(resolve));
        seen.push(event);
      },
    };
    const second = createKernel({
      persistence: h.persistence,
      blobStore: h.blobStore,
      jobTransport: h.jobTransport,
      eventSink: slowSink,
      clock: h.clock,
      registry: createWorkflowRegistry([linearWorkflow()]),
    });
    await Promise.all([
      h.kernel.dispatch({ type: "outbox.flush", workerId: "f1", maxEvents: 20 }),
      second.dispatch({ type: "outbox.flush", workerId: "f2", maxEvents: 20 }),
    ]);
    await h.kernel.dispatch({ type: "outbox.flush", workerId: "f1" });
    const keys = [...h.eventSink.events, ...seen].map((e) => `${e.workflowRunId}#${e.sequence}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(36);
    expect(seen.length).toBeGreaterThan(0);
  });
});
