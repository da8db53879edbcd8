import { createKernel, createWorkflowRegistry, systemClock } from "@stageflow/kernel";
import { createMemoryBackend } from "@stageflow/test-support";
import { CollectingEventSink } from "@stageflow/testing";
import { describe, expect, it, vi } from "vitest";
import { createNodeHost } from "../src/index";

describe("failed outbox deliveries with no other load", () => {
  it("are retried at their due time, without waiting for the orchestration tick", async () => {
    const backend = await createMemoryBackend();
    const sink = new CollectingEventSink();
    sink.failNext(2);
    const kernel = createKernel({
      persistence: backend.persistence,
      blobStore: backend.blobStore,
      jobTransport: backend.jobTransport,
      eventSink: sink,
      clock: systemClock,
      registry: createWorkflowRegistry([]),
      outbox: { retryBackoff: { initialMs: 20, maxMs: 100 } },
    });
    await backend.persistence.appendOutboxEvents([
      { workflowRunId: "run-1", type: "custom:note", payload: { n: 1 }, now: new Date() },
    ]);
    const host = createNodeHost({
      kernel,
      jobTransport: backend.jobTransport,
      workerId: "host-1",
      // One tick at start, the next in an hour: only the retry timer can deliver the event.
      orchestrationIntervalMs: 3_600_000,
      handleSignals: false,
    });
    await host.start();
    try {
      await vi.waitFor(() => expect(sink.events).toHaveLength(1), {
        timeout: 20_000,
        interval: 10,
      });
      expect(sink.failures).toHaveLength(2);
      expect(await backend.persistence.listDeadLetters(10)).toEqual([]);
      expect(host.getStats().eventsPublished).toBe(1);
    } finally {
      await host.stop();
      await backend.close();
    }
  });
});
