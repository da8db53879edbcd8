import type { JobTransport } from "@stageflow/kernel";
import { createMemoryBackend, createScenarioWorkflows, Probe } from "@stageflow/test-support";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createNodeHost, type NodeHost, runAndWait, type WakeupSource } from "../src/index";
import { createWorld, type World } from "./fixtures/world";

/** Polls and ticks so rare that a test finishing in time proves they were not needed. */
const NO_POLLING = {
  jobPollIntervalMs: 600_000,
  orchestrationIntervalMs: 600_000,
  handleSignals: false,
} as const;

class ManualWakeups implements WakeupSource {
  readonly listeners = new Set<() => void>();
  async subscribe(listener: () => void) {
    this.listeners.add(listener);
    return async () => {
      this.listeners.delete(listener);
    };
  }
  fire(): void {
    for (const listener of this.listeners) listener();
  }
}

describe("wake-ups", () => {
  let world: World;
  let host: NodeHost | undefined;
  const setup = async () => {
    world = createWorld(
      await createMemoryBackend(),
      Object.values(createScenarioWorkflows(new Probe())),
    );
    return world;
  };
  afterEach(async () => {
    await host?.stop();
    await world.backend.close();
  });

  it("runs every stage and publishes every event without waiting for a poll or a tick", async () => {
    await setup();
    host = createNodeHost({
      kernel: world.kernel,
      jobTransport: world.backend.jobTransport,
      workerId: "awake",
      ...NO_POLLING,
    });
    await host.start();
    // The first tick ran at start; from now on only wake-ups and finished jobs drive the host.
    await vi.waitFor(() => expect(host?.getStats().orchestrationTicks).toBe(1));
    const result = await runAndWait({
      kernel: world.kernel,
      persistence: world.backend.persistence,
      host,
      command: { type: "run.create", workflowId: "diamond", input: { value: 1 } },
      timeoutMs: 10_000,
    });
    expect(result.status).toBe("COMPLETED");
    await vi.waitFor(() =>
      expect(world.sink.ofType("workflow:completed").map((e) => e.workflowRunId)).toContain(
        result.workflowRunId,
      ),
    );
    expect(host.getStats().orchestrationTicks).toBe(1);
  });

  it("claims a run created elsewhere as soon as a runs wake-up arrives", async () => {
    await setup();
    const runs = new ManualWakeups();
    const outbox = new ManualWakeups();
    host = createNodeHost({
      kernel: world.kernel,
      jobTransport: world.backend.jobTransport,
      workerId: "woken",
      ...NO_POLLING,
      wakeups: { runs, outbox },
    });
    await host.start();
    expect(runs.listeners.size).toBe(1);
    expect(outbox.listeners.size).toBe(1);
    await vi.waitFor(() => expect(host?.getStats().orchestrationTicks).toBe(1));
    const id = await world.create("linear", 1);
    runs.fire();
    await world.waitForRun(id, (run) => run.status === "COMPLETED", 10_000);
    await host.stop();
    expect(runs.listeners.size).toBe(0);
    expect(outbox.listeners.size).toBe(0);
  });

  it("falls back to polling when the transport cannot wake the host", async () => {
    await setup();
    const inner = world.backend.jobTransport;
    const deaf: JobTransport = {
      capabilities: { supportsSkipLocked: true, supportsWakeups: false },
      dequeue: (options) => inner.dequeue(options),
      claim: (options) => inner.claim(options),
      heartbeat: (options) => inner.heartbeat(options),
      release: (options) => inner.release(options),
      releaseStale: (options) => inner.releaseStale(options),
      enqueue: (jobs) => inner.enqueue(jobs),
    };
    host = createNodeHost({
      kernel: world.kernel,
      jobTransport: deaf,
      workerId: "polling",
      jobPollIntervalMs: 20,
      orchestrationIntervalMs: 20,
      handleSignals: false,
    });
    await host.start();
    const id = await world.create("linear", 1);
    await world.waitForRun(id, (run) => run.status === "COMPLETED", 10_000);
  });
});
