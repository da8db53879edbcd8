import type { Clock, JobTransport } from "@stageflow/kernel";
import type { LoopStepResult } from "../loop/create-loop";
import type { HostLogger } from "../loop/host-logger";
import type { HostCounters } from "../stats/node-host-stats";
import type { JobPool } from "./job-pool";

/** What {@link createHeartbeatStep} needs. */
export interface HeartbeatContext {
  readonly pool: JobPool;
  readonly transport: JobTransport;
  readonly workerId: string;
  readonly clock: Clock;
  readonly logger: HostLogger;
  readonly counters: HostCounters;
}

/**
 * The heartbeat loop step: renews the leases of every running job and aborts the body of each job
 * the transport no longer lists as held (its run was cancelled, its lease reaped, or it finished
 * elsewhere), so `ctx.signal` fires and the kernel discards its outcome.
 */
export function createHeartbeatStep(context: HeartbeatContext): () => Promise<LoopStepResult> {
  const { pool, transport, workerId, clock, logger, counters } = context;
  return async () => {
    const entries = [...pool.active.values()];
    if (entries.length === 0) return "idle";
    const held = new Set(
      await transport.heartbeat({
        workerId,
        jobIds: entries.map((entry) => entry.job.id),
        now: clock.now(),
      }),
    );
    for (const entry of entries) {
      const { job, controller } = entry;
      if (held.has(job.id) || controller.signal.aborted || pool.active.get(job.id) !== entry) {
        continue;
      }
      counters.leasesLost += 1;
      logger.warn(
        { jobId: job.id, workflowRunId: job.workflowRunId, stageId: job.stageId },
        "lost the lease of a running job; aborting its body",
      );
      controller.abort(
        new Error(`Lease of job "${job.id}" was lost (run cancelled or lease reaped)`),
      );
    }
    return "idle";
  };
}
