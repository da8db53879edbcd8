import type { Kernel } from "@stageflow/kernel";
import { type HostLogger, safeLog } from "../host-logger";

/** The settings a maintenance tick passes to the kernel. */
export interface MaintenanceSettings {
  readonly workerId: string;
  readonly maxClaimsPerTick: number;
  readonly maxSuspendedChecksPerTick: number;
  readonly maxOutboxFlushPerTick: number;
  readonly maxSchedulesPerTick: number;
  readonly staleLeaseThresholdMs: number;
  /** `undefined` leaves the kernel's default. */
  readonly stuckRunThresholdMs: number | undefined;
}

/** The steps of a maintenance tick, in order. */
export type MaintenanceStep =
  | "schedule.tick"
  | "run.claimPending"
  | "aiBatch.flush"
  | "stage.pollSuspended"
  | "run.transition"
  | "lease.reapStale"
  | "run.reapStuck"
  | "outbox.flush";

/** What `runMaintenanceTick` did. */
export interface MaintenanceTickResult {
  /** Cron schedule ticks that started a run (claimed in the same pass). */
  readonly schedulesFired: number;
  /** Cron schedule ticks skipped (overlap, missed beyond the catch-up window, invalid input). */
  readonly scheduleTicksSkipped: number;
  /** Pending runs claimed (their first jobs are queued). */
  readonly claimed: number;
  /** Provider batches the cross-run AI batch collector submitted (`aiBatch.flush`). */
  readonly aiBatchesSubmitted: number;
  /** Suspended stages checked. */
  readonly suspendedChecked: number;
  /** Suspended stages that resumed (their runs were transitioned). */
  readonly suspendedResumed: number;
  /** Stale job leases returned to the queue. */
  readonly staleReleased: number;
  /** Stuck runs repaired. */
  readonly stuckRepaired: number;
  /** Outbox events published. */
  readonly eventsFlushed: number;
  /** Steps that failed; the others ran anyway. Empty when all succeeded. */
  readonly errors: ReadonlyArray<{ readonly step: MaintenanceStep; readonly error: unknown }>;
}

/**
 * One maintenance pass: fire due cron schedules (`schedule.tick`) → claim pending runs → collect cross-run AI batches (`aiBatch.flush`) → poll due suspended stages (and `run.transition` each
 * resumed run) → reap stale leases → reap stuck runs → flush the outbox. Each step is isolated: a
 * failing one is reported in `errors` (and logged) and the next still runs. Never rejects.
 */
export async function runMaintenanceTick(
  kernel: Kernel,
  settings: MaintenanceSettings,
  logger: HostLogger | undefined,
): Promise<MaintenanceTickResult> {
  const errors: Array<{ step: MaintenanceStep; error: unknown }> = [];
  const attempt = async <T>(step: MaintenanceStep, run: () => Promise<T>, fallback: T) => {
    try {
      return await run();
    } catch (error) {
      errors.push({ step, error });
      safeLog(logger, "warn", { err: error, step, workerId: settings.workerId }, `${step} failed`);
      return fallback;
    }
  };
  const { workerId } = settings;

  const schedules = await attempt(
    "schedule.tick",
    () => kernel.dispatch({ type: "schedule.tick", maxSchedules: settings.maxSchedulesPerTick }),
    { fired: 0, skipped: 0, nextDueAt: null },
  );

  const claimed = await attempt(
    "run.claimPending",
    async () =>
      (
        await kernel.dispatch({
          type: "run.claimPending",
          workerId,
          maxClaims: settings.maxClaimsPerTick,
        })
      ).claimed.length,
    0,
  );
  const aiBatches = await attempt(
    "aiBatch.flush",
    () => kernel.dispatch({ type: "aiBatch.flush", workerId }),
    null,
  );
  const polled = await attempt(
    "stage.pollSuspended",
    () =>
      kernel.dispatch({
        type: "stage.pollSuspended",
        maxChecks: settings.maxSuspendedChecksPerTick,
      }),
    { checked: 0, resumed: 0, failed: 0, resumedWorkflowRunIds: [] },
  );
  for (const workflowRunId of new Set(polled.resumedWorkflowRunIds)) {
    await attempt(
      "run.transition",
      () => kernel.dispatch({ type: "run.transition", workflowRunId }),
      null,
    );
  }
  const staleReleased = await attempt(
    "lease.reapStale",
    async () =>
      (
        await kernel.dispatch({
          type: "lease.reapStale",
          staleThresholdMs: settings.staleLeaseThresholdMs,
        })
      ).released,
    0,
  );
  const stuckRepaired = await attempt(
    "run.reapStuck",
    async () =>
      (
        await kernel.dispatch({
          type: "run.reapStuck",
          ...(settings.stuckRunThresholdMs === undefined
            ? {}
            : { stuckThresholdMs: settings.stuckRunThresholdMs }),
        })
      ).repaired.length,
    0,
  );
  const eventsFlushed = await attempt(
    "outbox.flush",
    async () =>
      (
        await kernel.dispatch({
          type: "outbox.flush",
          maxEvents: settings.maxOutboxFlushPerTick,
          workerId,
        })
      ).published,
    0,
  );
  return {
    aiBatchesSubmitted: aiBatches?.submitted ?? 0,
    schedulesFired: schedules.fired,
    scheduleTicksSkipped: schedules.skipped,
    claimed,
    suspendedChecked: polled.checked,
    suspendedResumed: polled.resumed,
    staleReleased,
    stuckRepaired,
    eventsFlushed,
    errors,
  };
}
