import type {
  Clock,
  CommitSnapshot,
  JobExecuteResult,
  JobRecord,
  JobTransport,
  Kernel,
  StartedJob,
} from "@stageflow/kernel";
import type { HostLogger } from "../loop/host-logger";
import { computeRetryDelay, type RetryBackoff } from "../loop/retry-delay";
import { sleep } from "../loop/sleep";
import type { HostCounters } from "../stats/node-host-stats";
import { releaseLeases } from "./release-leases";

/** What {@link executeJob} needs from the host. */
export interface ExecuteJobContext {
  readonly kernel: Kernel;
  readonly transport: JobTransport;
  readonly workerId: string;
  readonly clock: Clock;
  readonly logger: HostLogger;
  readonly counters: HostCounters;
  /** Delay before a job whose dispatch threw is handed back. */
  readonly backoff: RetryBackoff;
  /** Consecutive dispatches that threw, shared by the host's jobs; reset by a settled dispatch. */
  readonly dispatchErrors: { count: number };
}

/**
 * Dispatches `job.execute` for a leased job and counts its outcome. Never rejects. `started` is
 * the claim's start of the job when `run.claimPending` started it for this host; `snapshot` what
 * the dequeue read with the job (`JobTransport.dequeueWithSnapshots`).
 *
 * When the dispatch itself throws (database outage, kernel bug), the body's outcome was not
 * committed: the job keeps its lease for a backoff delay (so a job that always throws cannot spin)
 * and is then released for another attempt. If the release fails too, `lease.reapStale` returns
 * the job once its lease goes stale. The job counts as failed.
 */
export async function executeJob(
  context: ExecuteJobContext,
  job: JobRecord,
  signal: AbortSignal,
  started?: StartedJob,
  snapshot?: CommitSnapshot,
): Promise<JobExecuteResult | null> {
  const { kernel, workerId, logger, counters } = context;
  try {
    const result = await kernel.dispatch({
      type: "job.execute",
      jobId: job.id,
      workflowRunId: job.workflowRunId,
      workflowId: job.workflowId,
      stageId: job.stageId,
      workerId,
      signal,
      // The slot this job frees can take the first job of the run's next group at once.
      startNextJobs: 1,
      // This host flushes the outbox after every job it finishes: only a commit that ends the run
      // wakes other processes (those waiting for its result).
      outboxWakeup: "runEnd",
      ...(started === undefined ? {} : { started }),
      ...(snapshot === undefined ? {} : { snapshot }),
    });
    context.dispatchErrors.count = 0;
    countOutcome(counters, result);
    return result;
  } catch (error) {
    counters.jobsFailed += 1;
    counters.errors += 1;
    context.dispatchErrors.count += 1;
    const delayMs = computeRetryDelay(context.dispatchErrors.count, context.backoff);
    logger.warn(
      {
        err: error,
        jobId: job.id,
        workflowRunId: job.workflowRunId,
        stageId: job.stageId,
        delayMs,
      },
      "job.execute failed; the job will be released for another attempt",
    );
    await sleep(delayMs, signal);
    if (!signal.aborted) await releaseLeases(context, [job.id]);
    return null;
  } finally {
    counters.jobsProcessed += 1;
  }
}

function countOutcome(counters: HostCounters, result: JobExecuteResult): void {
  if (result.outcome === "completed") counters.jobsSucceeded += 1;
  else if (result.outcome === "suspended") counters.jobsSuspended += 1;
  else if (result.outcome === "failed") counters.jobsFailed += 1;
  else counters.jobsSkipped += 1;
}
