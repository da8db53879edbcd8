import { createMemoryBackend, createScenarioWorkflows, Probe } from "@stageflow/test-support";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createNodeHost } from "../src/index";
import { TEST_TUNING } from "./fixtures/scenarios";
import { createWorld, type World } from "./fixtures/world";

async function setup() {
  const probe = new Probe();
  const world = createWorld(
    await createMemoryBackend(),
    Object.values(createScenarioWorkflows(probe)),
  );
  return { probe, world };
}

async function runningJobs(world: World, id: string) {
  const jobs = await world.backend.persistence.getJobsByRun(id);
  return jobs.filter((job) => job.status === "RUNNING");
}

describe("graceful drain", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("stop() takes no new jobs and waits for running ones to finish", async () => {
    const { probe, world } = await setup();
    const host = createNodeHost({
      kernel: world.kernel,
      jobTransport: world.backend.jobTransport,
      workerId: "drainer",
      ...TEST_TUNING,
    });
    cleanups.push(() => world.backend.close());
    await host.start();
    const id = await world.create("gated", 1);
    host.wake();
    await probe.started(id, "gated");

    const stopped = host.stop();
    expect(host.getStats().isDraining).toBe(true);
    probe.open(id);
    await stopped;

    const stats = host.getStats();
    expect(stats).toMatchObject({ isRunning: false, activeJobs: 0, jobsSucceeded: 1 });
    expect(probe.aborted.has(id)).toBe(false);
    const stages = await world.backend.persistence.getStagesByRun(id);
    expect(stages.find((stage) => stage.stageId === "gated")?.status).toBe("COMPLETED");
    expect(probe.count(id, "next")).toBe(0);
    expect(await runningJobs(world, id)).toEqual([]);
  });

  it("after shutdownTimeoutMs, releases the leases of running jobs and aborts them; another host finishes the run", async () => {
    const { probe, world } = await setup();
    cleanups.push(() => world.backend.close());
    const first = createNodeHost({
      kernel: world.kernel,
      jobTransport: world.backend.jobTransport,
      workerId: "first",
      ...TEST_TUNING,
      shutdownTimeoutMs: 20,
    });
    await first.start();
    const id = await world.create("gated", 1);
    first.wake();
    await probe.started(id, "gated");
    await first.stop();

    expect(probe.aborted.has(id)).toBe(true);
    expect(await runningJobs(world, id)).toEqual([]);
    const [job] = await world.backend.persistence.getJobsByRun(id);
    expect(job).toMatchObject({ status: "PENDING", lockedBy: null });

    probe.open(id);
    const second = createNodeHost({
      kernel: world.kernel,
      jobTransport: world.backend.jobTransport,
      workerId: "second",
      ...TEST_TUNING,
    });
    await second.start();
    cleanups.unshift(() => second.stop());
    const run = await world.waitForRun(id, (r) => r.status === "COMPLETED");
    expect(run.output).toEqual({ value: 3 });
    expect(probe.count(id, "gated")).toBe(2);
  });

  it("SIGTERM drains and removes the host's signal handlers", async () => {
    const { probe, world } = await setup();
    cleanups.push(() => world.backend.close());
    const before = process.listenerCount("SIGTERM");
    const host = createNodeHost({
      kernel: world.kernel,
      jobTransport: world.backend.jobTransport,
      workerId: "signalled",
      ...TEST_TUNING,
      handleSignals: true,
      shutdownTimeoutMs: 20,
    });
    // Someone else listens too, so the host does not re-raise the signal (which would end vitest).
    const bystander = () => {};
    process.on("SIGTERM", bystander);
    cleanups.push(async () => {
      process.off("SIGTERM", bystander);
    });
    await host.start();
    expect(process.listenerCount("SIGTERM")).toBe(before + 2);
    const id = await world.create("gated", 1);
    host.wake();
    await probe.started(id, "gated");

    process.emit("SIGTERM", "SIGTERM");
    await vi.waitFor(() => expect(host.getStats().isRunning).toBe(false), { timeout: 10_000 });
    expect(process.listenerCount("SIGTERM")).toBe(before + 1);
    expect(probe.aborted.has(id)).toBe(true);
    expect(await runningJobs(world, id)).toEqual([]);
  });

  it("start() after stop() runs the host again", async () => {
    const { world } = await setup();
    cleanups.push(() => world.backend.close());
    const host = createNodeHost({
      kernel: world.kernel,
      jobTransport: world.backend.jobTransport,
      workerId: "restarted",
      ...TEST_TUNING,
    });
    await host.start();
    await host.stop();
    await host.stop();
    await host.start();
    cleanups.unshift(() => host.stop());
    const id = await world.create("linear", 1);
    host.wake();
    const run = await world.waitForRun(id, (r) => r.status === "COMPLETED");
    expect(run.output).toEqual({ value: 112 });
  });
});
