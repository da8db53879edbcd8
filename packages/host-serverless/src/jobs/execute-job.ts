import type { Clock, JobTransport, Kernel } from "@stageflow/kernel";
import { type HostLogger, safeLog } from "../host-logger";
import type { HandleJobResult } from "./job-message";

/** What {@link executeJob} needs. */
export interface ExecuteJobContext {
  readonly kernel: Kernel;
  readonly transport: JobTransport;
  readonly workerId: string;
  readonly clock: Clock;
  readonly logger: HostLogger | undefined;
}

/** The ids `job.execute` needs. */
export interface JobRef {
  readonly id: string;
  readonly workflowRunId: string;
  readonly workflowId: string;
  readonly stageId: string;
}

/**
 * Dispatches `job.execute` for `job`, which `workerId` has leased, and maps the result. Never
 * rejects: when the dispatch throws (database unreachable, …) the outcome is `"failed"` and the
 * job's lease is released so a retried message (or the next pull) can run it at once.
 */
export async function executeJob(
  context: ExecuteJobContext,
  job: JobRef,
): Promise<HandleJobResult> {
  const { kernel, transport, workerId, clock, logger } = context;
  try {
    const result = await kernel.dispatch({
      type: "job.execute",
      jobId: job.id,
      workflowRunId: job.workflowRunId,
      workflowId: job.workflowId,
      stageId: job.stageId,
      workerId,
    });
    safeLog(logger, "debug", { jobId: job.id, workerId, outcome: result.outcome }, "job executed");
    // A deferred attempt (a shared AI rate limit) was rescheduled by the kernel: nothing ran to
    // completion now, so it reads as "skipped" (acknowledge; the job becomes due again later).
    const deferred = result.outcome === "deferred";
    return {
      outcome: result.outcome === "deferred" ? "skipped" : result.outcome,
      ...(deferred ? { reason: "deferred: the stage waits for AI rate-limit capacity" } : {}),
      ...(result.error === undefined ? {} : { error: result.error }),
      ...(result.reason === undefined || deferred ? {} : { reason: result.reason }),
      ...(result.willRetry === undefined ? {} : { willRetry: result.willRetry }),
    };
  } catch (error) {
    safeLog(logger, "warn", { err: error, jobId: job.id, workerId }, "job.execute failed");
    try {
      await transport.release({ workerId, jobIds: [job.id], now: clock.now() });
    } catch (releaseError) {
      safeLog(
        logger,
        "warn",
        { err: releaseError, jobId: job.id, workerId },
        "could not release the job; lease.reapStale will return it once stale",
      );
    }
    return { outcome: "failed", error: error instanceof Error ? error.message : String(error) };
  }
}
