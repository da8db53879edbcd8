import type { Kernel } from "@stageflow/kernel";
import type { LoopStepResult } from "../loop/create-loop";
import type { HostLogger } from "../loop/host-logger";
import type { HostCounters } from "../stats/node-host-stats";
import {
  flushAIBatches,
  type MaintenanceSettings,
  pollSuspendedStages,
  reapStaleLeases,
  reapStuckRuns,
} from "./maintenance-steps";

/** Ways the tick asks the host's other loops for work. */
export interface HostNudges {
  /** Claim pending runs now (the claim loop). */
  claims(): void;
  /** Dequeue jobs now (the job loop); jobs were queued or released. */
  jobs(): void;
  /** Flush the outbox now (the flush loop). */
  outbox(): void;
}

/** What {@link createOrchestrationTick} needs. */
export interface OrchestrationTickContext {
  readonly kernel: Kernel;
  readonly settings: MaintenanceSettings;
  readonly nudge: HostNudges;
  readonly counters: HostCounters;
  readonly logger: HostLogger;
  /**
   * Told what the cross-run AI batch collector answered: whether the kernel batches at all, and
   * when it wants to run again (a submission or a batch check is due).
   */
  readonly onAIBatchFlushed?: (result: { configured: boolean; nextDueAt: Date | null }) => void;
}

/**
 * The orchestration loop step: claim pending runs → collect cross-run AI batches → poll suspended stages (and transition resumed
 * runs) → reap stale leases → reap stuck runs → flush the outbox. Claiming and flushing run in
 * their own single-flight loops (also kicked by wake-ups and finished jobs), so the tick kicks
 * them; the other steps run here. Every step runs whatever the others do; when any failed, the
 * tick rejects with an `AggregateError` of them after all ran, and the loop retries with backoff.
 */
export function createOrchestrationTick(
  context: OrchestrationTickContext,
): () => Promise<LoopStepResult> {
  const { kernel, settings, nudge, counters, logger } = context;
  return async () => {
    counters.orchestrationTicks += 1;
    const failures: Array<{ step: string; error: unknown }> = [];
    let again = false;
    nudge.claims();
    try {
      const batches = await flushAIBatches(kernel, settings);
      context.onAIBatchFlushed?.(batches);
    } catch (error) {
      failures.push({ step: "aiBatch.flush", error });
    }
    try {
      const polled = await pollSuspendedStages(kernel, settings);
      if (polled.resumed > 0) nudge.jobs();
      again = polled.checked >= settings.maxSuspendedChecksPerTick;
      for (const error of polled.transitionErrors) failures.push({ step: "run.transition", error });
    } catch (error) {
      failures.push({ step: "stage.pollSuspended", error });
    }
    try {
      if ((await reapStaleLeases(kernel, settings)) > 0) nudge.jobs();
    } catch (error) {
      failures.push({ step: "lease.reapStale", error });
    }
    try {
      if ((await reapStuckRuns(kernel, settings)) > 0) nudge.jobs();
    } catch (error) {
      failures.push({ step: "run.reapStuck", error });
    }
    nudge.outbox();
    if (failures.length > 0) {
      const steps = [...new Set(failures.map((failure) => failure.step))].join(", ");
      throw new AggregateError(
        failures.map((failure) => failure.error),
        `orchestration steps failed: ${steps}`,
      );
    }
    logger.debug({ again }, "orchestration tick done");
    return again ? "again" : "idle";
  };
}
