import {
  createKernel,
  createWorkflowRegistry,
  type EventSink,
  type Kernel,
  type StageflowEvent,
} from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./helpers/harness";
import { linearWorkflow } from "./helpers/workflows";

describe("outbox.flush retry backoff", () => {
  it("a failed delivery is due again after a doubling delay; flushes before then do not retry it", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    h.eventSink.failNext(2);
    const start = h.clock.now().getTime();
    const first = await h.kernel.dispatch({ type: "outbox.flush" });
    expect(first).toEqual({ published: 0, nextFlushAt: new Date(start + 1_000) });
    h.clock.advance(999);
    expect(await h.kernel.dispatch({ type: "outbox.flush" })).toMatchObject({ published: 0 });
    expect(h.eventSink.failures).toHaveLength(1);
    h.clock.advance(1);
    const second = await h.kernel.dispatch({ type: "outbox.flush" });
    expect(second).toEqual({ published: 0, nextFlushAt: new Date(start + 1_000 + 2_000) });
    const [stored] = await h.persistence.getOutboxEvents(runId);
    expect(stored).toMatchObject({ retryCount: 2, nextAttemptAt: new Date(start + 3_000) });
    h.clock.set(new Date(start + 3_000));
    expect(await h.kernel.dispatch({ type: "outbox.flush" })).toEqual({ published: 1 });
    expect(h.eventSink.forRun(runId).map((e) => e.type)).toEqual(["workflow:created"]);
  });

  it("a 2 s sink outage under load (a flush every 50 ms) dead-letters nothing with the defaults", async () => {
    const h = createHarness([linearWorkflow()]);
    const delivered: StageflowEvent[] = [];
    let attempts = 0;
    const outageEnds = h.clock.now().getTime() + 2_000;
    const sink: EventSink = {
      async emit(event) {
        attempts += 1;
        if (h.clock.now().getTime() < outageEnds) throw new Error("sink unreachable");
        delivered.push(event);
      },
    };
    const flusher = kernelWithSink(h, sink);
    const runs: string[] = [];
    for (let i = 0; i < 5; i++) runs.push(await h.create("linear", { text: `${i}` }));
    for (let t = 0; t <= 6_000; t += 50) {
      await flusher.dispatch({ type: "outbox.flush" });
      h.clock.advance(50);
    }
    expect(await h.persistence.listDeadLetters(100)).toEqual([]);
    const keys = delivered.map((e) => `${e.workflowRunId}#${e.sequence}`);
    expect(keys.sort()).toEqual(runs.map((id) => `${id}#1`).sort());
    // Each event failed at 0 ms and 1 000 ms, and went out at 3 000 ms.
    expect(attempts).toBe(5 * 3);
  });
});

function kernelWithSink(h: Harness, eventSink: EventSink): Kernel {
  return createKernel({
    persistence: h.persistence,
    blobStore: h.blobStore,
    jobTransport: h.jobTransport,
    eventSink,
    clock: h.clock,
    registry: createWorkflowRegistry([linearWorkflow()]),
  });
}
