import type { JobRecord, NewJob } from "../records/job-record";
import type { CommitSnapshot } from "./speculative-commit";

/** Static facts about a transport; new flags get defaults, so adding one is not breaking. */
export interface JobTransportCapabilities {
  /** `dequeue` uses `FOR UPDATE SKIP LOCKED` or an equivalent single atomic statement. */
  readonly supportsSkipLocked: boolean;
  /**
   * `subscribe` delivers a wake-up when jobs become available (Postgres `LISTEN/NOTIFY`, or in the
   * same process for embedded databases), so hosts start work without waiting for a poll.
   */
  readonly supportsWakeups: boolean;
  /**
   * `subscribe(listener, { channel })` also takes the channels `"runs"` (runs were created) and
   * `"outbox"` (events were appended), so a host claims runs and publishes events the moment
   * they commit. Hosts use them without being asked. Default false.
   */
  readonly supportsWakeupChannels?: boolean;
}

/** What `JobTransport.dequeue` (and `dequeueWithSnapshots`) lease: up to `limit` jobs due at `now`. */
export interface DequeueOptions {
  workerId: string;
  limit: number;
  now: Date;
}

/** A job that `JobTransport.dequeueWithSnapshots` leased, with what it read of its run. */
export interface DequeuedJob {
  /** The leased job, exactly as `dequeue` would return it. */
  readonly job: JobRecord;
  /**
   * The job (as leased), its run and all the run's stages, read in the statement that leased it;
   * `null` where a speculative start could not use them (the run is not RUNNING, or the job's
   * stage shares its group). Pass it as `job.execute`'s `snapshot`.
   */
  readonly snapshot: CommitSnapshot | null;
}

/** A worker id held by this process; see `JobTransport.claimWorkerIdentity`. */
export interface WorkerIdentity {
  /** Jobs of the predecessor returned to PENDING. */
  readonly released: number;
  /** Gives the id up (on stop); never rejects. */
  release(): Promise<void>;
}

/**
 * How workers receive jobs. Jobs are written by the kernel through `Persistence.enqueueJobs`
 * inside the transaction that makes them due, so a job is never visible before its run's state is
 * committed; the transport hands them out, keeps their leases alive, and wakes hosts up.
 */
export interface JobTransport {
  readonly capabilities: JobTransportCapabilities;

  /**
   * Atomically leases up to `limit` PENDING jobs with `availableAt <= now` to `workerId`
   * (priority descending, then oldest first): they become RUNNING with `lockedBy`, `lockedAt` and
   * `heartbeatAt` set. Concurrent callers never receive the same job.
   */
  dequeue(options: DequeueOptions): Promise<JobRecord[]>;
  /**
   * Optional: leases jobs exactly as `dequeue` does and, in the same round trip, reads each one's
   * run and stages, so a kernel that starts jobs speculatively (`Persistence.speculate`) needs no
   * read of its own before the start. Hosts prefer it to `dequeue` when present.
   */
  dequeueWithSnapshots?(options: DequeueOptions): Promise<DequeuedJob[]>;
  /**
   * Atomically leases job `jobId` to `workerId` if it is PENDING with `availableAt <= now`,
   * exactly as `dequeue` leases a job (RUNNING, `lockedBy`, `lockedAt` and `heartbeatAt` set), and
   * returns it. Resolves with `null` when the job is unknown, not PENDING (leased elsewhere,
   * completed, failed, cancelled) or not due yet. Concurrent `claim` and `dequeue` calls never
   * lease the same job twice. Queue-push hosts use it to run exactly the job a message names.
   */
  claim(options: { workerId: string; jobId: string; now: Date }): Promise<JobRecord | null>;
  /**
   * Renews the leases `workerId` holds on `jobIds` and returns the ids it still holds; a job
   * missing from the answer was reaped, cancelled or finished elsewhere, and its body should stop.
   */
  heartbeat(options: { workerId: string; jobIds: readonly string[]; now: Date }): Promise<string[]>;
  /** Returns leased jobs to PENDING (graceful shutdown); only jobs `workerId` still holds. */
  release(options: { workerId: string; jobIds: readonly string[]; now: Date }): Promise<number>;
  /** Returns RUNNING jobs whose heartbeat is older than `staleBefore` to PENDING; returns how many. */
  releaseStale(options: { staleBefore: Date; now: Date }): Promise<number>;
  /**
   * Optional: the earliest time strictly after `after` at which work of this database becomes due
   * — a PENDING job's `availableAt` (a retry's backoff, a delayed job) or a SUSPENDED stage's
   * `nextPollAt` — or `null` when nothing is. Hosts pass the time of their last poll, so work that
   * fell due since is found too, and sleep until the answer instead of waiting for their next
   * tick. One indexed read; it changes nothing.
   */
  nextDueAt?(options: { after: Date }): Promise<Date | null>;
  /**
   * Optional: makes this process the only live holder of `workerId` and returns the jobs its
   * predecessor left RUNNING under that id to PENDING, so a restarted process resumes its own
   * interrupted work at once instead of after the stale-lease threshold. Resolves with `null`, and
   * changes nothing, when another live process holds `workerId` (two processes started with one
   * id): their leases are left to heartbeat or expire. The identity is held until `release()`.
   */
  claimWorkerIdentity?(options: { workerId: string; now: Date }): Promise<WorkerIdentity | null>;
  /** Enqueues jobs outside any kernel transaction (tools and benchmarks); commits immediately. */
  enqueue(jobs: NewJob[]): Promise<JobRecord[]>;
  /**
   * Calls `listener` soon after jobs are committed (by any process, where the backend can tell).
   * Returns an unsubscribe function. Present when `capabilities.supportsWakeups` is true.
   */
  subscribe?(listener: () => void): Promise<() => Promise<void>>;
  /** Releases connections held for wake-ups. */
  close?(): Promise<void>;
}
