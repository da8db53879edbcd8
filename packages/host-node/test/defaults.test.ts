import type { Kernel } from "@stageflow/kernel";
import { createScenarioWorkflows, type KyselyBackend, Probe } from "@stageflow/test-support";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createNodeHost, type NodeHost } from "../src/index";
import { createPostgresNodeBackend, createSqliteNodeBackend } from "./fixtures/backend";
import { createWorld, type World } from "./fixtures/world";

/**
 * Ticks and job polls so rare that a run finishing proves the host did not need them: only the
 * transport's channels (new runs, events) and the due-time watch (retries, suspended polls) can
 * have driven it. No `wakeups` option is given.
 */
const NO_TICKS = {
  jobPollIntervalMs: 600_000,
  orchestrationIntervalMs: 600_000,
  handleSignals: false,
} as const;

const BACKENDS: Record<string, () => Promise<KyselyBackend>> = {
  sqlite: createSqliteNodeBackend,
  postgres: createPostgresNodeBackend,
};

describe.each(Object.keys(BACKENDS))("host defaults on %s", (name) => {
  let world: World | undefined;
  let host: NodeHost | undefined;
  afterEach(async () => {
    await host?.stop();
    await world?.backend.close();
    host = undefined;
    world = undefined;
  });

  async function startHost(): Promise<{ world: World; host: NodeHost }> {
    const backend = await (BACKENDS[name] as () => Promise<KyselyBackend>)();
    world = createWorld(backend, Object.values(createScenarioWorkflows(new Probe())));
    host = createNodeHost({
      kernel: world.kernel,
      jobTransport: backend.jobTransport,
      workerId: `defaults-${name}`,
      ...NO_TICKS,
    });
    await host.start();
    await vi.waitFor(() => expect(host?.getStats().orchestrationTicks).toBe(1));
    return { world, host };
  }

  it("claims a new run through the transport's channels without a wakeups option", async () => {
    const { world, host } = await startHost();
    const id = await world.create("linear", 1); // no host.wake(): only a wake-up can claim it
    const run = await world.waitForRun(id, (r) => r.status === "COMPLETED");
    expect(run.output).toEqual({ value: 112 });
    expect(host.getStats()).toMatchObject({ runsClaimed: 1, orchestrationTicks: 1 });
  });

  it("resumes a suspended stage at its nextPollAt and a retry after its backoff, not at the tick", async () => {
    const { world, host } = await startHost();
    const batch = await world.create("batch", 1);
    const retry = await world.create("retry", 2);
    expect((await world.waitForRun(batch, (r) => r.status === "COMPLETED")).output).toEqual({
      value: 102,
    });
    expect((await world.waitForRun(retry, (r) => r.status === "COMPLETED")).output).toEqual({
      value: 20,
    });
    const stats = host.getStats();
    expect(stats.dueWakeups).toBeGreaterThanOrEqual(1); // polls and the retry (timers may coincide)
    expect(stats.orchestrationTicks).toBe(1 + stats.dueWakeups);
  });
});

describe("the host's default logger", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes a failing loop's warning to the console", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const backend = await createSqliteNodeBackend();
    // Only dispatch is used by the host; the query API is never called.
    const failing = {
      dispatch: async () => {
        throw new Error("database is on fire");
      },
    } as unknown as Kernel;
    const host = createNodeHost({
      kernel: failing,
      jobTransport: backend.jobTransport,
      workerId: "noisy",
      handleSignals: false,
      retryBackoff: { initialMs: 60_000 },
    });
    await host.start();
    await vi.waitFor(() => expect(warn).toHaveBeenCalled());
    await host.stop();
    await backend.close();
    const lines = warn.mock.calls.map((call) => String(call[0]));
    expect(
      lines.some((line) =>
        /\[stageflow\] .* failed; retrying .*"workerId":"noisy".*database is on fire/.test(line),
      ),
    ).toBe(true);
  });
});
