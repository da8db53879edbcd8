import type {
  CommitSnapshot,
  CreateRunInput,
  CreateStageInput,
  DeletedRunRows,
  IdempotencyAcquireResult,
  JobRecord,
  ListRunsFilter,
  ListSchedulesFilter,
  LogRecord,
  NewJob,
  NewLogRecord,
  NewOutboxEvent,
  OutboxFailureResult,
  OutboxRecord,
  Persistence,
  PersistenceCapabilities,
  RunQueries,
  RunRecord,
  RunStatus,
  ScheduleRecord,
  SpeculateOptions,
  SpeculativeCommit,
  StageProgressWrite,
  StageRecord,
  UpdateOptions,
  UpdateRunInput,
  UpdateStageInput,
} from "@stageflow/kernel";
import { KyselyAIBatchStore } from "../ai-batches/kysely-ai-batch-store";
import { kyselyRunQueries } from "../queries/kysely-run-queries";
import type { Scope } from "../scope/scope";
import { KyselySpeculativeCommit } from "../speculation/kysely-speculative-commit";
import { acquireIdempotencyKey } from "../sql/acquire-idempotency-key";
import { appendLogs } from "../sql/append-logs";
import { appendOutboxEvents } from "../sql/append-outbox-events";
import { claimDueSchedules } from "../sql/claim-due-schedules";
import { claimDueSuspendedStages } from "../sql/claim-due-suspended-stages";
import { claimOutboxEvents } from "../sql/claim-outbox-events";
import { claimPendingRuns } from "../sql/claim-pending-runs";
import { completeJob } from "../sql/complete-job";
import { createRun } from "../sql/create-run";
import { type CreateRunWithEventOptions, createRunWithEvent } from "../sql/create-run-with-event";
import { createStages } from "../sql/create-stages";
import { deleteRuns } from "../sql/delete-runs";
import { enqueueJobs } from "../sql/enqueue-jobs";
import { getRunWithJobAndStages } from "../sql/get-run-with-job-and-stages";
import {
  insertStagesJobsAndEvents,
  type StagesJobsAndEvents,
} from "../sql/insert-stages-jobs-and-events";
import { lockRunWithJobAndStages } from "../sql/lock-run-with-job-and-stages";
import { markOutboxEventsPublished } from "../sql/mark-outbox-published";
import { recordStageProgress } from "../sql/record-stage-progress";
import * as idempotency from "./idempotency-operations";
import * as jobs from "./job-operations";
import { getLogs } from "./log-operations";
import * as outbox from "./outbox-operations";
import { registerPersistenceScope } from "./persistence-scopes";
import * as runs from "./run-operations";
import * as schedules from "./schedule-operations";
import * as stages from "./stage-operations";

/**
 * `Persistence` over one scope: the database itself (root object) or an open transaction (the
 * object `withTransaction` hands out). Every method is one statement where the dialect allows;
 * see `src/sql/` for the hot ones.
 */
export class KyselyPersistence implements Persistence {
  readonly capabilities: PersistenceCapabilities;
  readonly #scope: Scope;
  #queries: RunQueries | undefined;
  #aiBatches: KyselyAIBatchStore | undefined;
  readonly #inTransaction: boolean;
  readonly #speculativeCommits: boolean;

  /**
   * @param scope - where statements run.
   * @param inTransaction - whether `scope` is an open transaction (nested calls join it).
   * @param options - `speculativeCommits`: offer `speculate` (Postgres root object only).
   */
  constructor(scope: Scope, inTransaction: boolean, options?: { speculativeCommits?: boolean }) {
    this.#scope = scope;
    this.#inTransaction = inTransaction;
    this.#speculativeCommits =
      options?.speculativeCommits === true &&
      !inTransaction &&
      scope.context.dialect === "postgres";
    registerPersistenceScope(this, scope);
    const postgres = scope.context.dialect === "postgres";
    this.capabilities = { supportsSkipLocked: postgres, supportsRowLocks: postgres };
  }

  /** Read-side queries on this scope (created on first use). */
  get queries(): RunQueries {
    this.#queries ??= kyselyRunQueries(this.#scope);
    return this.#queries;
  }

  /** Cross-run AI batching on this scope (created on first use). */
  get aiBatches(): KyselyAIBatchStore {
    this.#aiBatches ??= new KyselyAIBatchStore(this.#scope);
    return this.#aiBatches;
  }

  speculate(snapshot: CommitSnapshot, options?: SpeculateOptions): SpeculativeCommit | undefined {
    if (!this.#speculativeCommits) return undefined;
    return new KyselySpeculativeCommit(this.#scope, snapshot, options).persistence;
  }

  withTransaction<T>(fn: (tx: Persistence) => Promise<T>): Promise<T> {
    if (this.#inTransaction) return fn(this);
    return this.#scope.atomic((tx) => fn(new KyselyPersistence(tx, true)));
  }

  createRun(input: CreateRunInput): Promise<RunRecord> {
    return createRun(this.#scope, input);
  }
  createRunWithEvent(
    input: CreateRunInput,
    options: CreateRunWithEventOptions,
  ): Promise<RunRecord | null> {
    return createRunWithEvent(this.#scope, input, options);
  }
  insertStagesJobsAndEvents(
    input: StagesJobsAndEvents,
  ): Promise<{ stages: StageRecord[]; jobs: JobRecord[]; events: OutboxRecord[] }> {
    return insertStagesJobsAndEvents(this.#scope, input);
  }
  getRun(id: string, options?: { forUpdate?: boolean }): Promise<RunRecord | null> {
    return runs.getRun(this.#scope, id, options);
  }
  lockRunWithJobAndStages(
    workflowRunId: string,
    jobId: string,
  ): Promise<{ run: RunRecord | null; job: JobRecord | null; stages: StageRecord[] }> {
    return lockRunWithJobAndStages(this.#scope, workflowRunId, jobId);
  }
  getRunWithJobAndStages(
    workflowRunId: string,
    jobId: string,
  ): Promise<{ run: RunRecord | null; job: JobRecord | null; stages: StageRecord[] }> {
    return getRunWithJobAndStages(this.#scope, workflowRunId, jobId);
  }
  updateRun(
    id: string,
    patch: UpdateRunInput,
    now: Date,
    options?: UpdateOptions,
  ): Promise<RunRecord> {
    return runs.updateRun(this.#scope, id, patch, now, options);
  }
  listRuns(filter: ListRunsFilter): Promise<RunRecord[]> {
    return runs.listRuns(this.#scope, filter);
  }
  claimPendingRuns(options: { workerId: string; limit: number; now: Date }): Promise<RunRecord[]> {
    return claimPendingRuns(this.#scope, options);
  }
  deleteRuns(ids: readonly string[], statuses: readonly RunStatus[]): Promise<DeletedRunRows> {
    return deleteRuns(this.#scope, ids, statuses);
  }

  createStages(inputs: CreateStageInput[]): Promise<StageRecord[]> {
    return createStages(this.#scope, inputs);
  }
  getStage(workflowRunId: string, stageId: string): Promise<StageRecord | null> {
    return stages.getStage(this.#scope, workflowRunId, stageId);
  }
  getStagesByRun(workflowRunId: string): Promise<StageRecord[]> {
    return stages.getStagesByRun(this.#scope, workflowRunId);
  }
  updateStage(
    id: string,
    patch: UpdateStageInput,
    now: Date,
    options?: UpdateOptions,
  ): Promise<StageRecord> {
    return stages.updateStage(this.#scope, id, patch, now, options);
  }
  deleteStages(workflowRunId: string, stageIds: readonly string[]): Promise<number> {
    return stages.deleteStages(this.#scope, workflowRunId, stageIds);
  }
  claimDueSuspendedStages(options: {
    now: Date;
    limit: number;
    leaseMs: number;
  }): Promise<StageRecord[]> {
    return claimDueSuspendedStages(this.#scope, options);
  }
  recordStageProgress(write: StageProgressWrite): Promise<boolean> {
    return recordStageProgress(this.#scope, write);
  }

  enqueueJobs(newJobs: NewJob[]): Promise<JobRecord[]> {
    return enqueueJobs(this.#scope, newJobs);
  }
  getJob(id: string): Promise<JobRecord | null> {
    return jobs.getJob(this.#scope, id);
  }
  getJobsByRun(workflowRunId: string): Promise<JobRecord[]> {
    return jobs.getJobsByRun(this.#scope, workflowRunId);
  }
  completeJob(id: string, now: Date, options?: { workerId?: string }): Promise<boolean> {
    return completeJob(this.#scope, id, now, options?.workerId);
  }
  rescheduleJob(
    id: string,
    update: { attempt: number; availableAt: Date; lastError: string | null },
    now: Date,
  ): Promise<void> {
    return jobs.rescheduleJob(this.#scope, id, update, now);
  }
  failJob(id: string, error: string, now: Date): Promise<void> {
    return jobs.failJob(this.#scope, id, error, now);
  }
  cancelJobsByRun(workflowRunId: string, now: Date): Promise<number> {
    return jobs.cancelJobsByRun(this.#scope, workflowRunId, now);
  }
  deleteJobs(workflowRunId: string, stageIds: readonly string[]): Promise<number> {
    return jobs.deleteJobs(this.#scope, workflowRunId, stageIds);
  }

  appendLogs(entries: NewLogRecord[]): Promise<void> {
    return appendLogs(this.#scope, entries);
  }
  getLogs(
    workflowRunId: string,
    options?: { stageId?: string; limit?: number },
  ): Promise<LogRecord[]> {
    return getLogs(this.#scope, workflowRunId, options);
  }

  appendOutboxEvents(events: NewOutboxEvent[]): Promise<OutboxRecord[]> {
    return appendOutboxEvents(this.#scope, events);
  }
  claimOutboxEvents(options: {
    workerId: string;
    limit: number;
    now: Date;
    leaseMs: number;
  }): Promise<OutboxRecord[]> {
    return claimOutboxEvents(this.#scope, options);
  }
  markOutboxEventsPublished(ids: readonly string[], now: Date): Promise<void> {
    return markOutboxEventsPublished(this.#scope, ids, now);
  }
  renewOutboxClaims(options: {
    workerId: string;
    ids: readonly string[];
    now: Date;
    leaseMs: number;
  }): Promise<string[]> {
    return outbox.renewOutboxClaims(this.#scope, options);
  }
  nextOutboxDueAt(now: Date): Promise<Date | null> {
    return outbox.nextOutboxDueAt(this.#scope, now);
  }
  releaseOutboxClaims(ids: readonly string[], options?: { workerId?: string }): Promise<void> {
    return outbox.releaseOutboxClaims(this.#scope, ids, options);
  }
  recordOutboxFailure(
    id: string,
    options: { error: string; maxRetries: number; retryAt: Date },
  ): Promise<OutboxFailureResult> {
    return outbox.recordOutboxFailure(this.#scope, id, options);
  }
  listDeadLetters(limit: number): Promise<OutboxRecord[]> {
    return outbox.listDeadLetters(this.#scope, limit);
  }
  replayDeadLetters(
    maxEvents: number,
    options?: { readonly eventIds?: readonly string[] },
  ): Promise<number> {
    return outbox.replayDeadLetters(this.#scope, maxEvents, options?.eventIds);
  }
  getOutboxEvents(workflowRunId: string): Promise<OutboxRecord[]> {
    return outbox.getOutboxEvents(this.#scope, workflowRunId);
  }

  acquireIdempotencyKey(options: {
    key: string;
    commandType: string;
    now: Date;
    reclaimAfterMs: number;
  }): Promise<IdempotencyAcquireResult> {
    return acquireIdempotencyKey(this.#scope, options);
  }
  completeIdempotencyKey(
    key: string,
    commandType: string,
    result: unknown,
    now: Date,
  ): Promise<void> {
    return idempotency.completeIdempotencyKey(this.#scope, key, commandType, result, now);
  }
  releaseIdempotencyKey(key: string, commandType: string): Promise<void> {
    return idempotency.releaseIdempotencyKey(this.#scope, key, commandType);
  }

  getSchedule(id: string, options?: { forUpdate?: boolean }): Promise<ScheduleRecord | null> {
    return schedules.getSchedule(this.#scope, id, options);
  }
  putSchedule(record: ScheduleRecord): Promise<void> {
    return schedules.putSchedule(this.#scope, record);
  }
  deleteSchedule(id: string): Promise<boolean> {
    return schedules.deleteSchedule(this.#scope, id);
  }
  listSchedules(filter: ListSchedulesFilter): Promise<ScheduleRecord[]> {
    return schedules.listSchedules(this.#scope, filter);
  }
  claimDueSchedules(options: { now: Date; limit: number }): Promise<ScheduleRecord[]> {
    return claimDueSchedules(this.#scope, options);
  }
  nextScheduleDueAt(): Promise<Date | null> {
    return schedules.nextScheduleDueAt(this.#scope);
  }
}
