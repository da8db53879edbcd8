import type { JobRecord } from "@stageflow/kernel";
import { safeLog } from "../host-logger";
import { type ExecuteJobContext, executeJob } from "./execute-job";

/** Options of `processAvailableJobs`. */
export interface ProcessAvailableJobsOptions {
  /** The most jobs this invocation runs. */
  readonly maxJobs: number;
  /** Jobs run at once (each leased right before it runs). Default 1. */
  readonly concurrency?: number;
}

/** What `processAvailableJobs` did. */
export interface ProcessAvailableJobsResult {
  /** Jobs dispatched, whatever their outcome. */
  readonly processed: number;
  /** Jobs whose stage completed or suspended. */
  readonly succeeded: number;
  /** Jobs whose attempt failed, or whose dispatch could not reach the database. */
  readonly failed: number;
}

/**
 * Pulls due jobs one lease at a time and runs them until `maxJobs` ran or the queue is empty, so a
 * lease is never held by a job still waiting its turn. A failing `dequeue` ends the invocation
 * early with what was done so far (never rejects). Arguments are checked by the host.
 */
export async function processAvailableJobs(
  context: ExecuteJobContext,
  options: ProcessAvailableJobsOptions,
): Promise<ProcessAvailableJobsResult> {
  let budget = options.maxJobs;
  let queueEmpty = false;
  let processed = 0;
  let succeeded = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (!queueEmpty && budget > 0) {
      budget -= 1;
      let job: JobRecord | undefined;
      try {
        [job] = await context.transport.dequeue({
          workerId: context.workerId,
          limit: 1,
          now: context.clock.now(),
        });
      } catch (error) {
        safeLog(
          context.logger,
          "warn",
          { err: error, workerId: context.workerId },
          "dequeue failed",
        );
      }
      if (!job) {
        queueEmpty = true;
        return;
      }
      processed += 1;
      const result = await executeJob(context, job);
      if (result.outcome === "completed" || result.outcome === "suspended") succeeded += 1;
      else if (result.outcome === "failed") failed += 1;
    }
  };
  const workers = Math.min(options.concurrency ?? 1, options.maxJobs);
  await Promise.all(Array.from({ length: workers }, worker));
  return { processed, succeeded, failed };
}
