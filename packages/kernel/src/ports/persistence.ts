import type { IdempotencyAcquireResult } from "../records/idempotency-record";
import type { JobRecord, NewJob } from "../records/job-record";
import type { LogRecord, NewLogRecord } from "../records/log-record";
import type { NewOutboxEvent, OutboxRecord } from "../records/outbox-record";
import type { CreateRunInput, RunRecord, RunStatus, UpdateRunInput } from "../records/run-record";
import type {
  CreateStageInput,
  StageProgress,
  StageRecord,
  UpdateStageInput,
} from "../records/stage-record";
import type { AIBatchStore } from "./ai-batch-store";
import type { DeletedRunRows, RunQueries } from "./run-queries";
import type { SchedulePersistence } from "./schedule-persistence";
import type { CommitSnapshot, SpeculateOptions, SpeculativeCommit } from "./speculative-commit";

/** Options of conditional updates. */
export interface UpdateOptions {
  /**
   * Optimistic concurrency: when given and the stored version differs, the adapter throws
   * `StaleVersionError` (from `@stageflow/kernel`) and changes nothing.
   */
  expectedVersion?: number;
}

/**
 * What `Persistence.recordStageProgress` writes: the latest progress of one running attempt, with
 * the attempt, job and lease it belongs to.
 */
export interface StageProgressWrite {
  /** The stage record (`StageRecord.id`). */
  readonly stageRecordId: string;
  /** The attempt reporting it; the stage must still be RUNNING with this attempt. */
  readonly attempt: number;
  /** The job running the attempt; it must still be RUNNING and leased to `workerId`. */
  readonly jobId: string;
  /** The worker running the attempt. */
  readonly workerId: string;
  /** The progress to store in `StageRecord.progress` (JSON; secrets already redacted). */
  readonly progress: StageProgress;
}

/** Filter of `Persistence.listRuns`. */
export interface ListRunsFilter {
  status?: RunStatus;
  workflowId?: string;
  /** Only runs whose `updatedAt` is strictly before this time. */
  updatedBefore?: Date;
  limit?: number;
}

/** Outcome of `Persistence.recordOutboxFailure`. */
export interface OutboxFailureResult {
  retryCount: number;
  /** True when the failure exhausted `maxRetries` and the event moved to the dead-letter queue. */
  deadLettered: boolean;
}

/** Static facts about an adapter; new flags get defaults, so adding one is not a breaking change. */
export interface PersistenceCapabilities {
  /** Claims use `FOR UPDATE SKIP LOCKED` (several workers claim without blocking each other). */
  readonly supportsSkipLocked: boolean;
  /** `getRun(id, { forUpdate: true })` takes a row lock; false where transactions are serialized anyway. */
  readonly supportsRowLocks: boolean;
}

/**
 * Durable state of runs, stages, jobs, logs, outbox events and idempotency keys.
 *
 * Every method may be called on the root object (each call is its own transaction) or on the
 * transaction-bound object that `withTransaction` hands to its callback; writes through the latter
 * commit or roll back together. Every time-dependent method takes `now` from the kernel's `Clock`
 * so adapters never read the wall clock themselves. Values stored as JSON must be
 * JSON-representable: adapters reject anything else with `NotJsonSerializableError` before
 * writing (see `assertJsonValue`). Cron schedules are stored through the same object
 * ({@link SchedulePersistence}), so a tick's run commits with the schedule it advances.
 */
export interface Persistence extends SchedulePersistence {
  readonly capabilities: PersistenceCapabilities;

  /** Read-side queries for operators (listings, counts, dead letters, AI calls); see `RunQueries`. */
  readonly queries: RunQueries;

  /**
   * Optional: the pending requests and provider batches of cross-run AI batching
   * (`defineBatchedStage`, `aiBatch.flush`). Adapters without it cannot run batched stages.
   */
  readonly aiBatches?: AIBatchStore;

  /**
   * Runs `fn` in one transaction: commits when it resolves, rolls back every write when it throws
   * (and rethrows). Nested calls on a transaction object join the outer transaction.
   */
  withTransaction<T>(fn: (tx: Persistence) => Promise<T>): Promise<T>;

  /**
   * Optional, on the root object: a {@link SpeculativeCommit} over `snapshot`, for a stage job's
   * start or completion in one statement instead of a transaction of several; `undefined` when this
   * adapter (or this database) cannot plan one. The kernel falls back to `withTransaction`
   * whenever the speculative commit cannot be planned or returns `false`. `options.outboxWakeup`
   * says which commits wake outbox subscribers (default: every commit that writes events).
   */
  speculate?(snapshot: CommitSnapshot, options?: SpeculateOptions): SpeculativeCommit | undefined;

  // ── runs ──────────────────────────────────────────────────────────────────────────────────

  /** Inserts a PENDING run (version 1) and returns it. */
  createRun(input: CreateRunInput): Promise<RunRecord>;
  /** Reads a run. `forUpdate` locks the row until the transaction ends, where supported. */
  getRun(id: string, options?: { forUpdate?: boolean }): Promise<RunRecord | null>;
  /**
   * Optional, inside a transaction: what `getRun(workflowRunId, { forUpdate: true })`, then
   * `getJob(jobId)` and `getStagesByRun(workflowRunId)` would return, in one round trip where the
   * adapter can. The job and stages must be as current as if read after the lock was taken (an
   * adapter reads them again when the run changed while it waited for the lock). `run` is `null`
   * for an unknown run (job and stages are then not read). The kernel uses it to start a
   * completion whose stage is alone in its group.
   */
  lockRunWithJobAndStages?(
    workflowRunId: string,
    jobId: string,
  ): Promise<{ run: RunRecord | null; job: JobRecord | null; stages: StageRecord[] }>;
  /**
   * Optional: what `getRun(workflowRunId)`, `getJob(jobId)` and `getStagesByRun(workflowRunId)`
   * would return, read together in one round trip where the adapter can, without locks. The
   * kernel reads a dequeued job's snapshot with it to start the job speculatively (`speculate`).
   */
  getRunWithJobAndStages?(
    workflowRunId: string,
    jobId: string,
  ): Promise<{ run: RunRecord | null; job: JobRecord | null; stages: StageRecord[] }>;
  /**
   * Applies `patch`, bumps `version`, sets `updatedAt` to `now`, and returns the new record.
   * Throws `RunNotFoundError` for an unknown id and `StaleVersionError` on a version mismatch.
   */
  updateRun(
    id: string,
    patch: UpdateRunInput,
    now: Date,
    options?: UpdateOptions,
  ): Promise<RunRecord>;
  /** Runs matching `filter`, oldest `createdAt` first. */
  listRuns(filter: ListRunsFilter): Promise<RunRecord[]>;
  /**
   * Atomically moves up to `limit` PENDING runs to RUNNING (priority descending, then oldest
   * first), setting `currentGroup` to 1, `claimedBy`, `startedAt` and bumping `version`. Concurrent callers never
   * receive the same run. Must be called inside a transaction so the caller's follow-up writes
   * (first stages and jobs) commit with the claim.
   */
  claimPendingRuns(options: { workerId: string; limit: number; now: Date }): Promise<RunRecord[]>;

  /**
   * Deletes the runs of `ids` whose status is one of `statuses`, with everything stored about
   * them: stages, jobs, logs, outbox events (and their sequence counter), AI call records, and
   * idempotency keys whose stored result names the run (`workflowRunId`). Other ids are left
   * alone. Call it inside a transaction with a small batch of ids (it holds its locks until
   * commit). Blobs are not in `Persistence`: `run.purge` deletes them through the `BlobStore`.
   */
  deleteRuns(ids: readonly string[], statuses: readonly RunStatus[]): Promise<DeletedRunRows>;

  // ── stages ────────────────────────────────────────────────────────────────────────────────

  /** Inserts PENDING stage records (version 1, attempt 1). Fails if one already exists for the run. */
  createStages(inputs: CreateStageInput[]): Promise<StageRecord[]>;
  getStage(workflowRunId: string, stageId: string): Promise<StageRecord | null>;
  /** All stages of a run, ordered by group then stage id. */
  getStagesByRun(workflowRunId: string): Promise<StageRecord[]>;
  /** Like `updateRun`, for a stage record id. Throws `StageNotFoundError` / `StaleVersionError`. */
  updateStage(
    id: string,
    patch: UpdateStageInput,
    now: Date,
    options?: UpdateOptions,
  ): Promise<StageRecord>;
  /** Deletes the named stage records of a run; returns how many were deleted. */
  deleteStages(workflowRunId: string, stageIds: readonly string[]): Promise<number>;
  /**
   * Claims up to `limit` SUSPENDED stages whose `nextPollAt <= now` (earliest first) by moving
   * their `nextPollAt` to `now + leaseMs`, so concurrent pollers never check the same stage at once.
   */
  claimDueSuspendedStages(options: {
    now: Date;
    limit: number;
    leaseMs: number;
  }): Promise<StageRecord[]>;
  /**
   * Optional: stores the progress a running attempt reported (`ctx.onProgress`) while its body
   * still runs, so other processes see it (`kernel.query.getRunDetail`, the dashboard). One
   * conditional write of `progress` only: it lands when the stage is RUNNING with `write.attempt`
   * and the job `write.jobId` is RUNNING and leased to `write.workerId`; otherwise nothing changes
   * and it resolves to false. It never changes `version` or `updatedAt`, so no optimistic check
   * of the attempt's completion can fail because of it. The kernel calls it outside any
   * transaction, at most once per `progressWriteIntervalMs` per attempt, and waits for it before
   * the attempt's outcome commits. Without it, progress is stored only with the outcome.
   */
  recordStageProgress?(write: StageProgressWrite): Promise<boolean>;

  // ── jobs ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Inserts PENDING jobs. They become visible to `JobTransport.dequeue` only when the enclosing
   * transaction commits, and a transport that supports wake-ups notifies its listeners then.
   */
  enqueueJobs(jobs: NewJob[]): Promise<JobRecord[]>;
  getJob(id: string): Promise<JobRecord | null>;
  getJobsByRun(workflowRunId: string): Promise<JobRecord[]>;
  /**
   * Marks a RUNNING job COMPLETED. With `workerId`, only if that worker still holds the lease;
   * returns false (and changes nothing) when the lease was lost.
   */
  completeJob(id: string, now: Date, options?: { workerId?: string }): Promise<boolean>;
  /** Puts a job back to PENDING for another attempt at `availableAt`, clearing its lease. */
  rescheduleJob(
    id: string,
    update: { attempt: number; availableAt: Date; lastError: string | null },
    now: Date,
  ): Promise<void>;
  /** Marks a job FAILED with its last error. */
  failJob(id: string, error: string, now: Date): Promise<void>;
  /** Moves every PENDING or RUNNING job of a run to CANCELLED; returns how many. */
  cancelJobsByRun(workflowRunId: string, now: Date): Promise<number>;
  /** Deletes the jobs of the named stages of a run; returns how many. */
  deleteJobs(workflowRunId: string, stageIds: readonly string[]): Promise<number>;

  // ── logs ──────────────────────────────────────────────────────────────────────────────────

  appendLogs(entries: NewLogRecord[]): Promise<void>;
  /** Log lines of a run in insertion order. */
  getLogs(
    workflowRunId: string,
    options?: { stageId?: string; limit?: number },
  ): Promise<LogRecord[]>;

  // ── outbox ────────────────────────────────────────────────────────────────────────────────

  /**
   * Appends events, giving each the next gapless `sequence` of its run (concurrent appends for one
   * run serialize). Returns the stored records in input order.
   */
  appendOutboxEvents(events: NewOutboxEvent[]): Promise<OutboxRecord[]>;
  /**
   * Claims up to `limit` publishable events for `workerId` until `now + leaseMs`: PENDING events
   * whose claim is absent or expired and whose `nextAttemptAt` is absent or not after `now`,
   * taking for each run only a contiguous run of its lowest PENDING sequences (a run whose lowest
   * PENDING event is claimed by someone else, or waits for its retry, is skipped, so a run's
   * events are never published out of order or twice at once). DLQ events do not block later
   * ones. Returned in (run, sequence) order.
   */
  claimOutboxEvents(options: {
    workerId: string;
    limit: number;
    now: Date;
    leaseMs: number;
  }): Promise<OutboxRecord[]>;
  /**
   * Extends to `now + leaseMs` the claims among `ids` that `workerId` still holds (claimed by it,
   * PENDING, and not expired at `now`), and returns the ids renewed. A claim that expired, went
   * to another flusher or was published is not renewed, so a flusher learns which claims it lost.
   */
  renewOutboxClaims(options: {
    workerId: string;
    ids: readonly string[];
    now: Date;
    leaseMs: number;
  }): Promise<string[]>;
  /**
   * The earliest time after `now` at which a PENDING event held back at `now` may become
   * claimable: the due time of a retry (`nextAttemptAt`) or the expiry of a claim
   * (`claimedUntil`). Null when no PENDING event waits for either. Hosts schedule a flush then.
   */
  nextOutboxDueAt(now: Date): Promise<Date | null>;
  /** Marks claimed events PUBLISHED and clears their claim. */
  markOutboxEventsPublished(ids: readonly string[], now: Date): Promise<void>;
  /**
   * Clears the claim of events that were claimed but not attempted. With `workerId`, only the
   * claims that flusher still holds are cleared (a claim it lost stays with its new holder).
   */
  releaseOutboxClaims(ids: readonly string[], options?: { workerId?: string }): Promise<void>;
  /**
   * Counts a failed publish: increments `retryCount`, stores `error`, clears the claim, sets
   * `nextAttemptAt` to `retryAt` (the event is not claimed again before then), and moves the
   * event to the DLQ when `retryCount` reaches `maxRetries`.
   */
  recordOutboxFailure(
    id: string,
    options: { error: string; maxRetries: number; retryAt: Date },
  ): Promise<OutboxFailureResult>;
  /** Dead-lettered events, oldest first. */
  listDeadLetters(limit: number): Promise<OutboxRecord[]>;
  /**
   * Moves up to `maxEvents` DLQ events (oldest first) back to PENDING with `retryCount` 0 and no
   * `nextAttemptAt`; returns how many. With `options.eventIds`, only DLQ events among those ids
   * (ids unknown or not in the DLQ are ignored).
   */
  replayDeadLetters(
    maxEvents: number,
    options?: { readonly eventIds?: readonly string[] },
  ): Promise<number>;
  /** All outbox records of a run in sequence order (for inspection and tests). */
  getOutboxEvents(workflowRunId: string): Promise<OutboxRecord[]>;

  // ── idempotency ───────────────────────────────────────────────────────────────────────────

  /**
   * Takes the key `(key, commandType)` for one dispatch. A key IN_PROGRESS for longer than
   * `reclaimAfterMs` (its dispatcher died) is taken over and reported as acquired.
   */
  acquireIdempotencyKey(options: {
    key: string;
    commandType: string;
    now: Date;
    reclaimAfterMs: number;
  }): Promise<IdempotencyAcquireResult>;
  /** Stores the command's result; later acquisitions replay it. */
  completeIdempotencyKey(
    key: string,
    commandType: string,
    result: unknown,
    now: Date,
  ): Promise<void>;
  /** Frees the key after a failed command so it can be dispatched again. */
  releaseIdempotencyKey(key: string, commandType: string): Promise<void>;

  // ── optional fast paths ───────────────────────────────────────────────────────────────────

  /**
   * Optional: `run.create` in one atomic write (one round trip on Postgres). Inserts the PENDING
   * run of `input` (version 1), its first outbox event `firstEvent(run)` (sequence 1) and, with
   * `idempotency`, the key COMPLETED with `idempotency.result(run)`. When that key already exists
   * in any state, writes nothing and returns `null`: the kernel then takes the general path
   * (replay, in progress, or reclaim). Without this method the kernel uses `createRun` and
   * `appendOutboxEvents` in a transaction, after taking the key.
   */
  createRunWithEvent?(
    input: CreateRunInput,
    options: {
      readonly firstEvent: (run: RunRecord) => NewOutboxEvent;
      readonly idempotency?: {
        readonly key: string;
        readonly commandType: string;
        readonly result: (run: RunRecord) => unknown;
      };
    },
  ): Promise<RunRecord | null>;

  /**
   * Optional fast path: `createStages(input.stages)`, then `enqueueJobs(input.jobs)`, then
   * `appendOutboxEvents(input.events)`, with exactly their effects, wake-ups and results, in one
   * round trip where the backend allows it. All or nothing: when a stage already exists it throws
   * `StageAlreadyExistsError` and writes nothing of the call. The kernel calls it inside a
   * transaction (claiming runs, advancing a run to its next group); without it, it makes the three
   * calls.
   */
  insertStagesJobsAndEvents?(input: {
    readonly stages: readonly CreateStageInput[];
    readonly jobs: readonly NewJob[];
    readonly events: readonly NewOutboxEvent[];
  }): Promise<{ stages: StageRecord[]; jobs: JobRecord[]; events: OutboxRecord[] }>;
}
