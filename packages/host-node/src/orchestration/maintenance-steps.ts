import type {
  AIBatchFlushResult,
  Kernel,
  OutboxFlushResult,
  RunClaimPendingResult,
} from "@stageflow/kernel";

/** Settings the maintenance steps pass to the kernel. */
export interface MaintenanceSettings {
  readonly workerId: string;
  readonly maxClaimsPerTick: number;
  readonly maxSuspendedChecksPerTick: number;
  readonly maxOutboxFlushPerTick: number;
  readonly staleLeaseThresholdMs: number;
  /** `undefined` leaves the kernel's default. */
  readonly stuckRunThresholdMs: number | undefined;
}

/**
 * Claims pending runs (`run.claimPending`), starting up to `startJobs` of their first jobs for
 * this worker in the claim itself; resolves with the kernel's answer.
 */
export function claimPendingRuns(
  kernel: Kernel,
  settings: MaintenanceSettings,
  startJobs = 0,
): Promise<RunClaimPendingResult> {
  return kernel.dispatch({
    type: "run.claimPending",
    workerId: settings.workerId,
    maxClaims: settings.maxClaimsPerTick,
    startJobs,
  });
}

/** What {@link pollSuspendedStages} did. */
export interface PollSuspendedOutcome {
  readonly checked: number;
  readonly resumed: number;
  /** Errors of `run.transition` for resumed runs (each run is tried, whatever the others do). */
  readonly transitionErrors: readonly unknown[];
}

/**
 * Checks due suspended stages (`stage.pollSuspended`), then dispatches `run.transition` for each
 * run a resumed stage belongs to. A transition is safe to race: when the kernel already advanced
 * the run it is a no-op.
 */
export async function pollSuspendedStages(
  kernel: Kernel,
  settings: MaintenanceSettings,
): Promise<PollSuspendedOutcome> {
  const result = await kernel.dispatch({
    type: "stage.pollSuspended",
    maxChecks: settings.maxSuspendedChecksPerTick,
  });
  const transitionErrors: unknown[] = [];
  for (const workflowRunId of new Set(result.resumedWorkflowRunIds)) {
    try {
      await kernel.dispatch({ type: "run.transition", workflowRunId });
    } catch (error) {
      transitionErrors.push(error);
    }
  }
  return { checked: result.checked, resumed: result.resumed, transitionErrors };
}

/** Returns jobs of dead workers to the queue (`lease.reapStale`); resolves with how many. */
export async function reapStaleLeases(
  kernel: Kernel,
  settings: MaintenanceSettings,
): Promise<number> {
  const { released } = await kernel.dispatch({
    type: "lease.reapStale",
    staleThresholdMs: settings.staleLeaseThresholdMs,
  });
  return released;
}

/** Repairs runs whose next step was lost (`run.reapStuck`); resolves with how many. */
export async function reapStuckRuns(
  kernel: Kernel,
  settings: MaintenanceSettings,
): Promise<number> {
  const { repaired } = await kernel.dispatch({
    type: "run.reapStuck",
    ...(settings.stuckRunThresholdMs === undefined
      ? {}
      : { stuckThresholdMs: settings.stuckRunThresholdMs }),
  });
  return repaired.length;
}

/**
 * Publishes pending outbox events (`outbox.flush`); resolves with the kernel's answer (how many
 * were published, and when to flush again for a retry or an expiring claim).
 */
export function flushOutbox(
  kernel: Kernel,
  settings: MaintenanceSettings,
): Promise<OutboxFlushResult> {
  return kernel.dispatch({
    type: "outbox.flush",
    maxEvents: settings.maxOutboxFlushPerTick,
    workerId: settings.workerId,
  });
}

/**
 * Runs the cross-run AI batch collector (`aiBatch.flush`): submits due provider batches, checks
 * submitted ones and wakes the stages whose results are in; resolves with the kernel's answer
 * (its `nextDueAt` says when to run it again). A kernel without cross-run batching answers at once.
 */
export function flushAIBatches(
  kernel: Kernel,
  settings: MaintenanceSettings,
): Promise<AIBatchFlushResult> {
  return kernel.dispatch({ type: "aiBatch.flush", workerId: settings.workerId });
}
