/** Lifecycle of a job (one attempt-carrying unit of work: "execute stage S of run R"). */
export type JobStatus = "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";

/** A queued unit of work, as persisted. */
export interface JobRecord {
  id: string;
  workflowRunId: string;
  workflowId: string;
  stageId: string;
  status: JobStatus;
  /** Higher first when dequeuing; ties by age (createdAt, then id). */
  priority: number;
  /** 1-based attempt this job will execute. */
  attempt: number;
  maxAttempts: number;
  payload: Record<string, unknown>;
  /** The job may not be dequeued before this time (retry backoff). */
  availableAt: Date;
  /** The worker holding the lease while RUNNING. */
  lockedBy: string | null;
  lockedAt: Date | null;
  /** Last lease renewal; a RUNNING job whose heartbeat is older than the stale threshold is reaped. */
  heartbeatAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What `Persistence.enqueueJobs` needs for one job. */
export interface NewJob {
  workflowRunId: string;
  workflowId: string;
  stageId: string;
  priority: number;
  attempt: number;
  maxAttempts: number;
  payload?: Record<string, unknown>;
  /** Defaults to `now`. */
  availableAt?: Date;
  now: Date;
  /**
   * When set, the job is created already leased to this worker: RUNNING, with `lockedBy`, and
   * `lockedAt` and `heartbeatAt` at `now`, exactly as `JobTransport.dequeue` would lease it. Such
   * a job sends no wake-up (no other worker may take it).
   */
  leasedTo?: string;
}
