import {
  createBackendKernel,
  createScenarioWorkflows,
  createSqliteBackend,
  Probe,
} from "@stageflow/test-support";
import { FakeClock } from "@stageflow/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createServerlessHost } from "../src/index";

describe("runMaintenanceTick fires cron schedules (SQLite)", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("fires due ticks once each and claims their runs in the same pass", async () => {
    const backend = await createSqliteBackend();
    cleanups.push(() => backend.close());
    const clock = new FakeClock("2026-05-01T10:00:30.000Z");
    const workflows = Object.values(createScenarioWorkflows(new Probe()));
    const { kernel } = createBackendKernel(backend, workflows, clock);
    const host = createServerlessHost({
      kernel,
      jobTransport: backend.jobTransport,
      workerId: "cron",
      clock,
    });
    await kernel.dispatch({
      type: "schedule.upsert",
      scheduleId: "every-minute",
      workflowId: "linear",
      cron: "* * * * *",
      input: { value: 1 },
      overlap: "allow",
    });
    expect(await host.runMaintenanceTick()).toMatchObject({ schedulesFired: 0, claimed: 0 });
    // The platform's cron trigger came late: two ticks are due.
    clock.set("2026-05-01T10:02:10.000Z");
    expect(await host.runMaintenanceTick()).toMatchObject({
      schedulesFired: 2,
      scheduleTicksSkipped: 0,
      claimed: 2,
      errors: [],
    });
    expect(await host.runMaintenanceTick()).toMatchObject({ schedulesFired: 0, claimed: 0 });
    const ticks = (await backend.persistence.listRuns({})).map((run) => run.metadata?.scheduledFor);
    expect(ticks).toEqual(["2026-05-01T10:01:00.000Z", "2026-05-01T10:02:00.000Z"]);
  });
});
