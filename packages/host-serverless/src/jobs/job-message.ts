import type { JobRecord } from "@stageflow/kernel";

/** A queue message announcing a due job (what a push platform delivers to `handleJob`). */
export interface JobMessage {
  /** The job's id (`JobRecord.id`). */
  readonly jobId: string;
  /** The run the job belongs to. */
  readonly workflowRunId: string;
  /** The run's workflow. */
  readonly workflowId: string;
  /** The stage the job executes. */
  readonly stageId: string;
  /** The job's attempt (1-based). */
  readonly attempt: number;
  /** Attempts the stage's retry policy allows. */
  readonly maxAttempts: number;
  /** The job's payload (informational; the kernel reads the job from the database). */
  readonly payload: Record<string, unknown>;
}

/**
 * The queue message announcing `job`: what a relay sends to the platform's queue so that
 * `handleJob` later leases and runs exactly that job.
 */
export function jobMessageFor(job: JobRecord): JobMessage {
  return {
    jobId: job.id,
    workflowRunId: job.workflowRunId,
    workflowId: job.workflowId,
    stageId: job.stageId,
    attempt: job.attempt,
    maxAttempts: job.maxAttempts,
    payload: job.payload,
  };
}

/**
 * What `handleJob` reports. Acknowledge the message on `"completed"` and `"suspended"`; retry it
 * on `"failed"` (the attempt failed, or the invocation could not reach the database).
 * `"skipped"` means there was nothing to run for it now: the job could not be claimed (unknown,
 * leased by another worker, finished or cancelled — e.g. a redelivered message — or not due yet,
 * a retry's backoff), or the kernel found nothing to do (its run is no longer running). It is
 * safe to acknowledge — whoever holds the job runs it, and `processAvailableJobs` picks up a job
 * that becomes due later — and harmless to retry.
 */
export interface HandleJobResult {
  readonly outcome: "completed" | "suspended" | "failed" | "skipped";
  /** Why the attempt failed, for `"failed"`. */
  readonly error?: string;
  /** Why nothing ran, for `"skipped"`. */
  readonly reason?: string;
  /** For `"failed"`: true when the kernel scheduled another attempt of the stage. */
  readonly willRetry?: boolean;
}
