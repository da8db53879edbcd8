import { createKernel, createWorkflowRegistry } from "@stageflow/kernel";
import { createMemoryBackend, createScenarioWorkflows, Probe } from "@stageflow/test-support";
import { CollectingEventSink, FakeClock } from "@stageflow/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createNodeHost, type NodeHost } from "../src/index";
import { TEST_TUNING } from "./fixtures/scenarios";
import { createWorld } from "./fixtures/world";

describe("lease heartbeats", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("keeps a stage running longer than the stale threshold from being reaped", async () => {
    const clock = new FakeClock();
    const probe = new Probe();
    const workflows = Object.values(createScenarioWorkflows(probe));
    const world = createWorld(await createMemoryBackend(), workflows, clock);
    const host: NodeHost = createNodeHost({
      kernel: world.kernel,
      jobTransport: world.backend.jobTransport,
      workerId: "long-runner",
      ...TEST_TUNING,
      clock,
      staleLeaseThresholdMs: 1_000,
      heartbeatIntervalMs: 5,
      orchestrationIntervalMs: 5,
    });
    cleanups.push(
      () => world.backend.close(),
      () => host.stop(),
    );
    await host.start();
    const id = await world.create("gated", 1);
    host.wake();
    await probe.started(id, "gated");
    const [job] = await world.backend.persistence.getJobsByRun(id);

    // Ten stale thresholds pass on the kernel's clock, in steps the heartbeat keeps up with.
    for (let step = 0; step < 50; step += 1) {
      const now = clock.advance(200).getTime();
      await vi.waitFor(
        async () => {
          const current = await world.backend.persistence.getJob(job!.id);
          expect(current?.heartbeatAt?.getTime()).toBe(now);
        },
        { interval: 2 },
      );
    }
    const stats = host.getStats();
    expect(stats.leasesLost).toBe(0);
    expect(await world.backend.persistence.getJob(job!.id)).toMatchObject({
      status: "RUNNING",
      lockedBy: "long-runner",
    });

    probe.open(id);
    const run = await world.waitForRun(id, (r) => r.status === "COMPLETED");
    expect(run.output).toEqual({ value: 3 });
    expect(probe.count(id, "gated")).toBe(1);
  });

  it("aborts a body whose lease is lost: a run cancelled by another process", async () => {
    const probe = new Probe();
    const workflows = Object.values(createScenarioWorkflows(probe));
    const backend = await createMemoryBackend();
    const world = createWorld(backend, workflows);
    // A second kernel over the same database stands for another process: it cannot reach the
    // body directly, so only the host's heartbeat can notice the cancellation.
    const elsewhere = createKernel({
      ...backend,
      eventSink: new CollectingEventSink(),
      clock: { now: () => new Date() },
      registry: createWorkflowRegistry(workflows),
    });
    const host = createNodeHost({
      kernel: world.kernel,
      jobTransport: backend.jobTransport,
      workerId: "cancelled-elsewhere",
      ...TEST_TUNING,
      heartbeatIntervalMs: 10,
    });
    cleanups.push(
      () => backend.close(),
      () => host.stop(),
    );
    await host.start();
    const id = await world.create("cancellable", 1);
    host.wake();
    await probe.started(id, "wait");

    await elsewhere.dispatch({ type: "run.cancel", workflowRunId: id, reason: "from elsewhere" });
    await vi.waitFor(() => expect(probe.aborted.has(id)).toBe(true), { timeout: 10_000 });
    await vi.waitFor(() => expect(host.getStats()).toMatchObject({ leasesLost: 1, activeJobs: 0 }));
    expect((await backend.persistence.getRun(id))?.status).toBe("CANCELLED");
  });
});
