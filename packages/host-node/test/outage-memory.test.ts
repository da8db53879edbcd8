import { createMemoryBackend, createScenarioWorkflows, Probe } from "@stageflow/test-support";
import { describe, expect, it, vi } from "vitest";
import { createNodeHost } from "../src/index";
import { flakyKernel, flakyTransport, Outage } from "./fixtures/flaky-ports";
import { TEST_TUNING } from "./fixtures/scenarios";
import { createWorld } from "./fixtures/world";

describe("database outage (simulated on the in-memory adapters)", () => {
  it("logs, backs off, recovers, and completes every run", async () => {
    const probe = new Probe();
    const world = createWorld(
      await createMemoryBackend(),
      Object.values(createScenarioWorkflows(probe)),
    );
    const outage = new Outage();
    const warn = vi.fn();
    const host = createNodeHost({
      kernel: flakyKernel(world.kernel, outage),
      jobTransport: flakyTransport(world.backend.jobTransport, outage),
      workerId: "survivor",
      ...TEST_TUNING,
      staleLeaseThresholdMs: 300,
      stuckRunThresholdMs: 300,
      retryBackoff: { initialMs: 5, maxMs: 50 },
      logger: { info() {}, debug() {}, error() {}, warn },
    });
    await host.start();
    const ids: string[] = [];
    for (let round = 0; round < 5; round += 1) {
      for (let i = 0; i < 10; i += 1) ids.push(await world.create("linear", i));
      host.wake();
      outage.down = true;
      await new Promise((resolve) => setTimeout(resolve, 60));
      outage.down = false;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }

    for (const id of ids) {
      const run = await world.waitForRun(id, (r) => r.status === "COMPLETED", 30_000);
      expect(run.status).toBe("COMPLETED");
    }
    expect(outage.failures).toBeGreaterThan(0);
    expect(warn).toHaveBeenCalled();
    const stats = host.getStats();
    expect(stats.isRunning).toBe(true);
    expect(stats.errors).toBeGreaterThan(0);
    await host.stop();
    for (const id of ids) {
      const jobs = await world.backend.persistence.getJobsByRun(id);
      expect(jobs.filter((job) => job.status === "RUNNING")).toEqual([]);
    }
    await world.backend.close();
  });
});
