import {
  createBackendKernel,
  createMemoryBackend,
  createScenarioWorkflows,
  Probe,
} from "@stageflow/test-support";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createNodeHost, type NodeHost } from "../src/index";

const declared = {
  scheduleId: "every-second",
  workflowId: "linear",
  cron: "* * * * * *",
  input: { value: 1 },
  overlap: "allow" as const,
};

describe("node host schedules", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(options: { schedules?: (typeof declared)[] } = {}) {
    const backend = await createMemoryBackend();
    const { kernel } = createBackendKernel(
      backend,
      Object.values(createScenarioWorkflows(new Probe())),
    );
    const host: NodeHost = createNodeHost({
      kernel,
      jobTransport: backend.jobTransport,
      workerId: "sched-host",
      handleSignals: false,
      // The safety-net tick runs once at start and then not for a minute: every later tick in
      // these tests comes from the timer to the next due schedule.
      orchestrationIntervalMs: 60_000,
      ...options,
    });
    cleanups.push(async () => {
      await host.stop();
      await backend.close();
    });
    return { backend, kernel, host };
  }

  const scheduledRuns = async (backend: Awaited<ReturnType<typeof createMemoryBackend>>) =>
    (await backend.persistence.listRuns({})).filter(
      (run) => run.metadata?.scheduleId === "every-second",
    );

  it("upserts the declared schedules at start and fires them at their due time", async () => {
    const { backend, host } = await setup({ schedules: [declared] });
    await host.start();
    expect(await backend.persistence.getSchedule("every-second")).toMatchObject({
      source: "code",
      cron: "* * * * * *",
    });
    const runs = await vi.waitFor(
      async () => {
        const found = await scheduledRuns(backend);
        expect(found.length).toBeGreaterThanOrEqual(3);
        return found;
      },
      { timeout: 20_000, interval: 50 },
    );
    const ticks = runs.map((run) => String(run.metadata?.scheduledFor));
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(host.getStats().schedulesFired).toBeGreaterThanOrEqual(3);
  });

  it("fires schedules created at run time by another process, after a wake-up", async () => {
    const { backend, kernel, host } = await setup();
    await host.start();
    await kernel.dispatch({ type: "schedule.upsert", ...declared });
    host.wake();
    await vi.waitFor(
      async () => expect((await scheduledRuns(backend)).length).toBeGreaterThanOrEqual(2),
      { timeout: 20_000, interval: 50 },
    );
  });

  it("refuses to start with a declared schedule the kernel rejects, and writes nothing", async () => {
    const { backend, host } = await setup({
      schedules: [{ ...declared, cron: "not a cron" }],
    });
    await expect(host.start()).rejects.toMatchObject({ code: "INVALID_CRON" });
    expect(host.getStats().isRunning).toBe(false);
    expect(await backend.persistence.listSchedules({})).toEqual([]);
  });
});
