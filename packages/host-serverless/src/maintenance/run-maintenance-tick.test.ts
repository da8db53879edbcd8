import { FakeKernel } from "@stageflow/test-support";
import { describe, expect, it } from "vitest";
import { type MaintenanceSettings, runMaintenanceTick } from "./run-maintenance-tick";

const settings: MaintenanceSettings = {
  workerId: "cron",
  maxClaimsPerTick: 7,
  maxSuspendedChecksPerTick: 3,
  maxOutboxFlushPerTick: 50,
  maxSchedulesPerTick: 4,
  staleLeaseThresholdMs: 90_000,
  stuckRunThresholdMs: undefined,
};

describe("runMaintenanceTick", () => {
  it("claims, polls, transitions resumed runs, reaps and flushes, and reports the counts", async () => {
    const kernel = new FakeKernel()
      .on("schedule.tick", () => ({ fired: 2, skipped: 1, nextDueAt: null }))
      .on("run.claimPending", () => ({
        claimed: [{ workflowRunId: "r1", workflowId: "wf", jobIds: ["j1"] }],
        started: [],
      }))
      .on("stage.pollSuspended", () => ({
        checked: 3,
        resumed: 2,
        failed: 0,
        resumedWorkflowRunIds: ["r2", "r3"],
      }))
      .on("lease.reapStale", () => ({ released: 4 }))
      .on("run.reapStuck", () => ({ repaired: ["r4"] }))
      .on("outbox.flush", () => ({ published: 12 }));
    const result = await runMaintenanceTick(kernel, settings, undefined);
    expect(result).toEqual({
      schedulesFired: 2,
      scheduleTicksSkipped: 1,
      claimed: 1,
      aiBatchesSubmitted: 0,
      suspendedChecked: 3,
      suspendedResumed: 2,
      staleReleased: 4,
      stuckRepaired: 1,
      eventsFlushed: 12,
      errors: [],
    });
    expect(kernel.commands).toEqual([
      { type: "schedule.tick", maxSchedules: 4 },
      { type: "run.claimPending", workerId: "cron", maxClaims: 7 },
      { type: "aiBatch.flush", workerId: "cron" },
      { type: "stage.pollSuspended", maxChecks: 3 },
      { type: "run.transition", workflowRunId: "r2" },
      { type: "run.transition", workflowRunId: "r3" },
      { type: "lease.reapStale", staleThresholdMs: 90_000 },
      { type: "run.reapStuck" },
      { type: "outbox.flush", maxEvents: 50, workerId: "cron" },
    ]);
  });

  it("runs every step when some fail, reports the failures and logs them", async () => {
    const down = new Error("connection refused");
    const kernel = new FakeKernel()
      .on("run.claimPending", () => {
        throw down;
      })
      .on("lease.reapStale", () => {
        throw down;
      });
    const warnings: string[] = [];
    const result = await runMaintenanceTick(kernel, settings, {
      warn: (_obj, msg) => warnings.push(msg ?? ""),
      debug: () => {},
    });
    expect(kernel.types()).toEqual([
      "schedule.tick",
      "run.claimPending",
      "aiBatch.flush",
      "stage.pollSuspended",
      "lease.reapStale",
      "run.reapStuck",
      "outbox.flush",
    ]);
    expect(result.errors).toEqual([
      { step: "run.claimPending", error: down },
      { step: "lease.reapStale", error: down },
    ]);
    expect(result).toMatchObject({ claimed: 0, staleReleased: 0 });
    expect(warnings).toEqual(["run.claimPending failed", "lease.reapStale failed"]);
  });
});
