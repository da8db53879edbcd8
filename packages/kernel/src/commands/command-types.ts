/**
 * Input and result shapes of every kernel command. `kernel.dispatch(command)` is typed by the
 * command's `type`: `dispatch({ type: "run.create", … })` resolves to `RunCreateResult`.
 */

import type { CommitSnapshot, OutboxWakeup } from "../ports/speculative-commit";
import type { JobRecord } from "../records/job-record";
import type { RunRecord } from "../records/run-record";
import type { StageRecord } from "../records/stage-record";
import type { AIBatchFlushCommand, AIBatchFlushResult } from "./ai-batch-command-types";
import type {
  ScheduleBackfillCommand,
  ScheduleBackfillResult,
  ScheduleDeleteCommand,
  ScheduleDeleteResult,
  SchedulePauseCommand,
  SchedulePauseResult,
  ScheduleTickCommand,
  ScheduleTickResult,
  ScheduleTriggerCommand,
  ScheduleTriggerResult,
  ScheduleUnpauseCommand,
  ScheduleUnpauseResult,
  ScheduleUpsertCommand,
  ScheduleUpsertResult,
} from "./schedule-command-types";

export type * from "./ai-batch-command-types";
export type * from "./schedule-command-types";

/** Commands that accept an idempotency key replay their first result for the same key. */
export interface IdempotentCommand {
  idempotencyKey?: string;
}

/** Create a PENDING run after validating input and merged config. */
export interface RunCreateCommand extends IdempotentCommand {
  type: "run.create";
  workflowId: string;
  input: unknown;
  /** Per-stage overrides, overlaid on the workflow's defaults (shallow per stage id). */
  config?: Record<string, unknown>;
  /** Higher is claimed first; default 5. */
  priority?: number;
  metadata?: Record<string, unknown>;
  /**
   * AI cost budget of the run in USD (a finite number >= 0); default: the workflow's
   * `budget(...)`, else none. AI calls that would take the run over it are refused before they
   * are made (see docs/ai.md).
   */
  budgetUsd?: number;
}
export interface RunCreateResult {
  workflowRunId: string;
  status: "PENDING";
}

/** Claim PENDING runs, mark them RUNNING, and queue their first group, in one transaction. */
export interface RunClaimPendingCommand {
  type: "run.claimPending";
  workerId: string;
  /** Default 10. */
  maxClaims?: number;
  /**
   * Up to this many first-group jobs of the claimed runs are started in the claim's own
   * transaction: created leased to `workerId`, their stages RUNNING and `stage:started` written.
   * They come back in `started`; the caller must execute each at once with
   * `job.execute({ …, started })`. A host passes its free slots. Default 0: every job is queued.
   */
  startJobs?: number;
}
export interface RunClaimPendingResult {
  /** Every claimed run, with all of its first-group jobs (started or queued). */
  claimed: Array<{ workflowRunId: string; workflowId: string; jobIds: string[] }>;
  /** The jobs started for the claiming worker (see `startJobs`), in claim order. */
  started: StartedJob[];
}

/**
 * A job that `run.claimPending` leased and started (stage RUNNING, `stage:started` written) in
 * the claim's transaction, with the records as that transaction left them. Pass it unchanged as
 * `job.execute`'s `started`, which then runs the body without a start transaction.
 */
export interface StartedJob {
  readonly job: JobRecord;
  readonly run: RunRecord;
  /** Every stage record of the run after the claim (the job's own is RUNNING). */
  readonly stages: readonly StageRecord[];
}

/** Advance a run whose current group is done (or complete / fail it). Safe to race. */
export interface RunTransitionCommand {
  type: "run.transition";
  workflowRunId: string;
}
export interface RunTransitionResult {
  action: "advanced" | "completed" | "failed" | "noop";
  /** The group now executing, after "advanced". */
  currentGroup?: number;
}

/** Cancel a run, its stages and jobs; running bodies see `ctx.signal` abort. */
export interface RunCancelCommand {
  type: "run.cancel";
  workflowRunId: string;
  reason?: string;
}
export interface RunCancelResult {
  cancelled: boolean;
}

/** Delete the group of `fromStageId` and every later one, then re-queue from there. */
export interface RunRerunFromCommand {
  type: "run.rerunFrom";
  workflowRunId: string;
  fromStageId: string;
}
export interface RunRerunFromResult {
  workflowRunId: string;
  fromStageId: string;
  /** Stage ids whose records and outputs were deleted. */
  deletedStages: string[];
}

/** Repair RUNNING runs whose next step was lost (no live job, nothing suspended). */
export interface RunReapStuckCommand {
  type: "run.reapStuck";
  /** Only runs not updated for this long are inspected. Default 60 000. */
  stuckThresholdMs?: number;
  /** Default 100. */
  maxRuns?: number;
}
export interface RunReapStuckResult {
  /** Runs whose lost next step was re-enqueued or whose lost transition was applied. */
  repaired: string[];
}

/** The statuses `run.purge` may delete. */
export type FinalRunStatus = "COMPLETED" | "FAILED" | "CANCELLED";

/**
 * Delete finished runs and everything stored about them (stages, jobs, logs, outbox events, AI
 * call records, idempotency keys, blobs), oldest first, in small transactions.
 */
export interface RunPurgeCommand {
  type: "run.purge";
  /** Only runs that finished (`completedAt`) at least this many milliseconds ago. */
  olderThanMs: number;
  /** Which final statuses to delete; default all three. Never PENDING or RUNNING. */
  statuses?: readonly FinalRunStatus[];
  /** Only runs of this workflow. */
  workflowId?: string;
  /** At most this many runs per call (1..100 000); default 1 000. */
  maxRuns?: number;
  /** Runs deleted per transaction (1..1 000); default 100. */
  batchSize?: number;
}
export interface RunPurgeResult {
  /** How many runs were deleted. */
  purged: number;
  /** Rows and blobs deleted, per kind. */
  deleted: {
    runs: number;
    stages: number;
    jobs: number;
    logs: number;
    outboxEvents: number;
    aiCalls: number;
    idempotencyKeys: number;
    blobs: number;
  };
  /** True when the call stopped at `maxRuns`: more runs may match, call again. */
  more: boolean;
}

/** Execute one job in three phases (start, body outside any transaction, outcome). */
export interface JobExecuteCommand extends IdempotentCommand {
  type: "job.execute";
  jobId: string;
  workflowRunId: string;
  workflowId: string;
  stageId: string;
  /** The worker holding the job's lease. */
  workerId: string;
  /** Aborts the body (host shutdown timeout, lost lease). */
  signal?: AbortSignal;
  /**
   * The start that `run.claimPending` committed for this job (one of its `started`): the body runs
   * at once, without the start transaction. It must name this job, run and worker.
   */
  started?: StartedJob;
  /**
   * What the dequeue read with this job (`JobTransport.dequeueWithSnapshots`): a speculative start
   * plans against it instead of reading the run again. It may be stale by now; the start commits
   * only if the run, job and stage are still as it says, and falls back to its transaction
   * otherwise. It must name this job, run and worker. Ignored without `Persistence.speculate`.
   */
  snapshot?: CommitSnapshot;
  /**
   * When the job completes the last stage of its group, up to this many jobs of the next group are
   * started for `workerId` in the same transaction (leased, stage RUNNING, `stage:started`
   * written) and returned in the result's `started`; the caller must execute each at once. A host
   * passes 1: the slot this job frees. Default 0: the next group is only queued.
   */
  startNextJobs?: number;
  /**
   * Which of this job's commits wake outbox subscribers in every process (on Postgres a `NOTIFY`,
   * which serializes committing transactions on a server-wide lock). `"always"` (default): every
   * commit that writes events. `"runEnd"`: only the commit that completes, fails or cancels the
   * run, so that processes waiting for its result are still woken at once; the caller flushes the
   * outbox itself after the job (a node host does after every job it finishes). A commit that
   * falls back to a transaction wakes them either way.
   */
  outboxWakeup?: OutboxWakeup;
}
export interface JobExecuteResult {
  /**
   * `deferred`: the body asked to wait (a `StageDeferral`, e.g. a shared AI rate limit had no
   * capacity): the same attempt runs again later (`willRetry` true); no failed attempt is counted.
   */
  outcome: "completed" | "suspended" | "failed" | "skipped" | "deferred";
  /** True when the job was rescheduled: a failed attempt retried, or a deferred one. */
  willRetry?: boolean;
  /** The stage output, for "completed". */
  output?: unknown;
  error?: string;
  /** Why a job was skipped (run not RUNNING, job cancelled, lease lost, …). */
  reason?: string;
  /**
   * Jobs of the next group this completion started for the same worker (see `startNextJobs`).
   * Never part of a replayed result.
   */
  started?: StartedJob[];
}

/** Check due SUSPENDED stages with their `checkCompletion`. */
export interface StagePollSuspendedCommand {
  type: "stage.pollSuspended";
  /** Default 10. */
  maxChecks?: number;
}
export interface StagePollSuspendedResult {
  checked: number;
  resumed: number;
  failed: number;
  /** Runs that advanced because a stage resumed. */
  resumedWorkflowRunIds: string[];
}

/** Return jobs of dead workers (no heartbeat for `staleThresholdMs`) to the queue. */
export interface LeaseReapStaleCommand {
  type: "lease.reapStale";
  staleThresholdMs: number;
}
export interface LeaseReapStaleResult {
  released: number;
}

/** Publish pending outbox events through the EventSink in per-run order. */
export interface OutboxFlushCommand {
  type: "outbox.flush";
  /** Default 100. */
  maxEvents?: number;
  /** Identifies the flusher's claims; default "kernel". */
  workerId?: string;
}
export interface OutboxFlushResult {
  published: number;
  /**
   * When to flush again for events this flush could not publish: the earliest retry due time of
   * a delivery that failed in it, or (when it found nothing to claim) the earliest time a waiting
   * event becomes claimable (a retry falls due or another flusher's claim expires). Absent when
   * nothing waits.
   */
  nextFlushAt?: Date;
}

/** Move dead-lettered events back to the outbox. */
export interface PluginReplayDLQCommand {
  type: "plugin.replayDLQ";
  /** At most this many events (oldest first). Default 100, or the number of `eventIds`. */
  maxEvents?: number;
  /**
   * Only these dead-lettered events (1..1000 outbox event ids); ids that are unknown or not in
   * the DLQ are ignored. Absent: the oldest DLQ events.
   */
  eventIds?: string[];
}
export interface PluginReplayDLQResult {
  replayed: number;
}

/** Every command. */
export type KernelCommand =
  | RunCreateCommand
  | RunClaimPendingCommand
  | RunTransitionCommand
  | RunCancelCommand
  | RunRerunFromCommand
  | RunReapStuckCommand
  | RunPurgeCommand
  | JobExecuteCommand
  | StagePollSuspendedCommand
  | LeaseReapStaleCommand
  | OutboxFlushCommand
  | PluginReplayDLQCommand
  | ScheduleUpsertCommand
  | ScheduleDeleteCommand
  | SchedulePauseCommand
  | ScheduleUnpauseCommand
  | ScheduleTriggerCommand
  | ScheduleBackfillCommand
  | ScheduleTickCommand
  | AIBatchFlushCommand;

/** Result type of each command type. */
export interface CommandResultMap {
  "run.create": RunCreateResult;
  "run.claimPending": RunClaimPendingResult;
  "run.transition": RunTransitionResult;
  "run.cancel": RunCancelResult;
  "run.rerunFrom": RunRerunFromResult;
  "run.reapStuck": RunReapStuckResult;
  "run.purge": RunPurgeResult;
  "job.execute": JobExecuteResult;
  "stage.pollSuspended": StagePollSuspendedResult;
  "lease.reapStale": LeaseReapStaleResult;
  "outbox.flush": OutboxFlushResult;
  "plugin.replayDLQ": PluginReplayDLQResult;
  "schedule.upsert": ScheduleUpsertResult;
  "schedule.delete": ScheduleDeleteResult;
  "schedule.pause": SchedulePauseResult;
  "schedule.unpause": ScheduleUnpauseResult;
  "schedule.trigger": ScheduleTriggerResult;
  "schedule.backfill": ScheduleBackfillResult;
  "schedule.tick": ScheduleTickResult;
  "aiBatch.flush": AIBatchFlushResult;
}

/** A command's type string. */
export type CommandType = KernelCommand["type"];

/** The result of command `C`. */
export type CommandResult<C extends KernelCommand> = CommandResultMap[C["type"]];
