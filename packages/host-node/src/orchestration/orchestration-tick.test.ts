import { FakeKernel } from "@stageflow/test-support";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../loop/host-logger";
import { createHostCounters } from "../stats/node-host-stats";
import type { MaintenanceSettings } from "./maintenance-steps";
import { createOrchestrationTick } from "./orchestration-tick";

const settings: MaintenanceSettings = {
  workerId: "w1",
  maxClaimsPerTick: 10,
  maxSuspendedChecksPerTick: 10,
  maxOutboxFlushPerTick: 100,
  staleLeaseThresholdMs: 60_000,
  stuckRunThresholdMs: 5_000,
};

function setup(kernel: FakeKernel) {
  const nudges: string[] = [];
  const counters = createHostCounters();
  const tick = createOrchestrationTick({
    kernel,
    settings,
    counters,
    logger: silentLogger,
    nudge: {
      claims: () => nudges.push("claims"),
      jobs: () => nudges.push("jobs"),
      outbox: () => nudges.push("outbox"),
    },
  });
  return { tick, nudges, counters };
}

describe("orchestration tick", () => {
  it("claims, polls, reaps and flushes in order", async () => {
    const kernel = new FakeKernel();
    const { tick, nudges, counters } = setup(kernel);
    await expect(tick()).resolves.toBe("idle");
    expect(kernel.types()).toEqual([
      "aiBatch.flush",
      "stage.pollSuspended",
      "lease.reapStale",
      "run.reapStuck",
    ]);
    expect(kernel.commands).toContainEqual({ type: "lease.reapStale", staleThresholdMs: 60_000 });
    expect(kernel.commands).toContainEqual({ type: "run.reapStuck", stuckThresholdMs: 5_000 });
    expect(nudges).toEqual(["claims", "outbox"]);
    expect(counters.orchestrationTicks).toBe(1);
  });

  it("runs every step when one fails, then reports the failure", async () => {
    const kernel = new FakeKernel()
      .on("stage.pollSuspended", () => {
        throw new Error("database unavailable");
      })
      .on("lease.reapStale", () => ({ released: 2 }));
    const { tick, nudges } = setup(kernel);
    const failure = await tick().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(AggregateError);
    expect((failure as AggregateError).message).toContain("stage.pollSuspended");
    expect(kernel.types()).toEqual([
      "aiBatch.flush",
      "stage.pollSuspended",
      "lease.reapStale",
      "run.reapStuck",
    ]);
    expect(nudges).toEqual(["claims", "jobs", "outbox"]);
  });

  it("transitions every resumed run, even when one transition fails", async () => {
    const kernel = new FakeKernel()
      .on("stage.pollSuspended", () => ({
        checked: 3,
        resumed: 3,
        failed: 0,
        resumedWorkflowRunIds: ["r1", "r2", "r2", "r3"],
      }))
      .on("run.transition", (command) => {
        if (command.type === "run.transition" && command.workflowRunId === "r2") {
          throw new Error("stale version");
        }
        return { action: "advanced", currentGroup: 2 };
      });
    const { tick, nudges } = setup(kernel);
    await expect(tick()).rejects.toThrow("run.transition");
    const transitions = kernel.commands.filter((command) => command.type === "run.transition");
    expect(transitions.map((command) => command.workflowRunId)).toEqual(["r1", "r2", "r3"]);
    expect(nudges).toContain("jobs");
    expect(kernel.types()).toContain("run.reapStuck");
  });

  it("asks for another tick at once when the suspended checks were full", async () => {
    const kernel = new FakeKernel().on("stage.pollSuspended", () => ({
      checked: 10,
      resumed: 0,
      failed: 0,
      resumedWorkflowRunIds: [],
    }));
    const { tick } = setup(kernel);
    await expect(tick()).resolves.toBe("again");
  });
});
