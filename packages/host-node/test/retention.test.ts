import {
  createScenarioWorkflows,
  createSqliteBackend,
  FakeKernel,
  Probe,
} from "@stageflow/test-support";
import { describe, expect, it, vi } from "vitest";
import { createNodeHost, type NodeHostOptions } from "../src/index";
import { createWorld } from "./fixtures/world";

const idleTransport: NodeHostOptions["jobTransport"] = {
  capabilities: { supportsSkipLocked: true, supportsWakeups: false },
  dequeue: async () => [],
  claim: async () => null,
  heartbeat: async () => [],
  release: async () => 0,
  releaseStale: async () => 0,
  enqueue: async () => [],
};

const NOTHING_PURGED = {
  purged: 0,
  deleted: {
    runs: 0,
    stages: 0,
    jobs: 0,
    logs: 0,
    outboxEvents: 0,
    aiCalls: 0,
    idempotencyKeys: 0,
    blobs: 0,
  },
  more: false,
};

function fakeHost(kernel: FakeKernel, retention?: NodeHostOptions["retention"]) {
  return createNodeHost({
    kernel,
    jobTransport: idleTransport,
    workerId: "retention",
    orchestrationIntervalMs: 5,
    jobPollIntervalMs: 5,
    handleSignals: false,
    ...(retention ? { retention } : {}),
  });
}

describe("node host retention", () => {
  it("is off by default: no run.purge however many ticks pass", async () => {
    const kernel = new FakeKernel();
    const host = fakeHost(kernel);
    await host.start();
    await vi.waitFor(() => expect(host.getStats().orchestrationTicks).toBeGreaterThan(5));
    await host.stop();
    expect(kernel.types()).not.toContain("run.purge");
    expect(host.getStats().runsPurged).toBe(0);
  });

  it("purges each final status at its own age (cancelled runs at the failed age), again while more are due", async () => {
    let calls = 0;
    const kernel = new FakeKernel().on("run.purge", () => {
      calls += 1;
      return { ...NOTHING_PURGED, purged: 2, more: calls === 1 };
    });
    const host = fakeHost(kernel, {
      completedAfterMs: 86_400_000,
      failedAfterMs: 3_600_000,
      intervalMs: 60_000,
      maxRunsPerPurge: 50,
    });
    await host.start();
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(6));
    await host.stop();
    const purges = kernel.commands.filter((command) => command.type === "run.purge");
    // The first pass hit its limit, so a second pass followed at once (the interval is a minute).
    expect(purges.slice(0, 6)).toEqual([
      { type: "run.purge", statuses: ["COMPLETED"], olderThanMs: 86_400_000, maxRuns: 50 },
      { type: "run.purge", statuses: ["FAILED"], olderThanMs: 3_600_000, maxRuns: 50 },
      { type: "run.purge", statuses: ["CANCELLED"], olderThanMs: 3_600_000, maxRuns: 50 },
      { type: "run.purge", statuses: ["COMPLETED"], olderThanMs: 86_400_000, maxRuns: 50 },
      { type: "run.purge", statuses: ["FAILED"], olderThanMs: 3_600_000, maxRuns: 50 },
      { type: "run.purge", statuses: ["CANCELLED"], olderThanMs: 3_600_000, maxRuns: 50 },
    ]);
    expect(purges).toHaveLength(6);
    expect(host.getStats().runsPurged).toBe(12);
  });

  it("rejects bad retention options with InvalidHostOptionsError", () => {
    const kernel = new FakeKernel();
    for (const retention of [
      {},
      { completedAfterMs: -1 },
      { failedAfterMs: 1.5 },
      { completedAfterMs: 1, intervalMs: 0 },
      { completedAfterMs: 1, maxRunsPerPurge: 0 },
    ]) {
      expect(() => fakeHost(kernel, retention)).toThrow(
        expect.objectContaining({ code: "INVALID_HOST_OPTIONS" }),
      );
    }
  });

  it("deletes the completed runs of a real SQLite store and keeps the cancelled one it was not told to delete", async () => {
    const backend = await createSqliteBackend();
    const probe = new Probe();
    const world = createWorld(backend, Object.values(createScenarioWorkflows(probe)));
    const host = createNodeHost({
      kernel: world.kernel,
      jobTransport: backend.jobTransport,
      workerId: "retention-sqlite",
      orchestrationIntervalMs: 20,
      jobPollIntervalMs: 10,
      handleSignals: false,
      retention: { completedAfterMs: 0, intervalMs: 20 },
    });
    try {
      const done = await world.create("linear", 1);
      const cancelled = await world.create("linear", 2);
      await world.kernel.dispatch({ type: "run.cancel", workflowRunId: cancelled });
      await host.start();
      await vi.waitFor(async () => expect(await backend.persistence.getRun(done)).toBeNull(), {
        timeout: 20_000,
        interval: 20,
      });
      expect(await backend.persistence.getStagesByRun(done)).toEqual([]);
      expect(await backend.blobStore.list(`runs/${done}/`)).toEqual([]);
      expect((await backend.persistence.getRun(cancelled))?.status).toBe("CANCELLED");
      expect(host.getStats().runsPurged).toBeGreaterThanOrEqual(1);
    } finally {
      await host.stop();
      await backend.close();
    }
  });
});
