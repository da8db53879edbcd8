import type {
  AICallSummary,
  AICostDayRow,
  AICostsByDayRequest,
  CreateRunInput,
  CreateStageInput,
  DeletedRunRows,
  EventPageRequest,
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
  RunCountRow,
  RunFilter,
  RunPageRequest,
  RunQueries,
  RunRecord,
  RunStatus,
  RunSummaryRecord,
  ScheduleRecord,
  StageProgressWrite,
  StageRecord,
  UpdateOptions,
  UpdateRunInput,
  UpdateStageInput,
} from "@stageflow/kernel";
import * as idempotency from "./idempotency-operations";
import type { InMemoryAICallLogger } from "./in-memory-ai-call-logger";
import type { TransactionScope } from "./in-memory-store";
import * as jobs from "./job-operations";
import * as logs from "./log-operations";
import * as outbox from "./outbox-operations";
import * as query from "./query-operations";
import * as runs from "./run-operations";
import * as schedules from "./schedule-operations";
import * as stages from "./stage-operations";

/**
 * Every `Persistence` method of the in-memory adapter, written once. Subclasses decide where an
 * operation runs: the root opens a transaction per call, a transaction object uses its own.
 */
export abstract class InMemoryPersistenceBase implements Persistence {
  /** Transactions are serialized by a mutex: no skip-locked claims, no row locks needed. */
  readonly capabilities: PersistenceCapabilities = {
    supportsSkipLocked: false,
    supportsRowLocks: false,
  };

  /** The AI call logger whose records belong to this store (queried and purged with its runs). */
  protected readonly aiCalls: InMemoryAICallLogger | undefined;

  /** Read-side queries (see `RunQueries`), each in its own serialized read. */
  readonly queries: RunQueries;

  /** @param aiCalls - the logger whose records `queries.listAICalls` and `deleteRuns` see. */
  constructor(aiCalls?: InMemoryAICallLogger) {
    this.aiCalls = aiCalls;
    this.queries = {
      listRuns: (request: RunPageRequest): Promise<RunSummaryRecord[]> =>
        this.operate((s) => query.listRunPage(s.state, request)),
      countRuns: (filter: RunFilter): Promise<RunCountRow[]> =>
        this.operate((s) => query.countRuns(s.state, filter)),
      listEvents: (request: EventPageRequest): Promise<OutboxRecord[]> =>
        this.operate((s) => query.listEventPage(s.state, request)),
      listAICalls: async (workflowRunId: string): Promise<AICallSummary[]> =>
        query.toAICallSummaries(this.aiCalls?.forRun(workflowRunId) ?? []),
      aiCostsByDay: (request: AICostsByDayRequest): Promise<AICostDayRow[]> => {
        const records = this.aiCalls?.records ?? [];
        return this.operate((s) => query.aiCostsByDay(s.state, records, request));
      },
    };
  }

  /** Runs `fn` in one serialized transaction (see `Persistence.withTransaction`). */
  abstract withTransaction<T>(fn: (tx: Persistence) => Promise<T>): Promise<T>;

  /** Runs a synchronous operation in the right transaction. */
  protected abstract operate<T>(operation: (scope: TransactionScope) => T): Promise<T>;

  createRun(input: CreateRunInput): Promise<RunRecord> {
    return this.operate((s) => runs.createRun(s.state, input));
  }
  /** `forUpdate` is honoured trivially: transactions are serialized. */
  getRun(id: string, _options?: { forUpdate?: boolean }): Promise<RunRecord | null> {
    return this.operate((s) => runs.getRun(s.state, id));
  }
  updateRun(
    id: string,
    patch: UpdateRunInput,
    now: Date,
    options?: UpdateOptions,
  ): Promise<RunRecord> {
    return this.operate((s) => runs.updateRun(s.state, id, patch, now, options));
  }
  listRuns(filter: ListRunsFilter): Promise<RunRecord[]> {
    return this.operate((s) => runs.listRuns(s.state, filter));
  }
  claimPendingRuns(options: { workerId: string; limit: number; now: Date }): Promise<RunRecord[]> {
    return this.operate((s) => runs.claimPendingRuns(s.state, options));
  }
  /** AI call records of the deleted runs leave the attached logger when the transaction commits. */
  deleteRuns(ids: readonly string[], statuses: readonly RunStatus[]): Promise<DeletedRunRows> {
    return this.operate((s) => {
      const rows = query.deleteRuns(s.state, ids, statuses);
      const logger = this.aiCalls;
      const gone = new Set(rows.runIds);
      const aiCalls =
        logger?.records.filter((r) => r.workflowRunId !== undefined && gone.has(r.workflowRunId))
          .length ?? 0;
      if (logger && aiCalls > 0) s.afterCommit.push(() => logger.deleteRuns(rows.runIds));
      return { ...rows, aiCalls };
    });
  }

  createStages(inputs: CreateStageInput[]): Promise<StageRecord[]> {
    return this.operate((s) => stages.createStages(s.state, inputs));
  }
  getStage(workflowRunId: string, stageId: string): Promise<StageRecord | null> {
    return this.operate((s) => stages.getStage(s.state, workflowRunId, stageId));
  }
  getStagesByRun(workflowRunId: string): Promise<StageRecord[]> {
    return this.operate((s) => stages.getStagesByRun(s.state, workflowRunId));
  }
  updateStage(
    id: string,
    patch: UpdateStageInput,
    now: Date,
    options?: UpdateOptions,
  ): Promise<StageRecord> {
    return this.operate((s) => stages.updateStage(s.state, id, patch, now, options));
  }
  deleteStages(workflowRunId: string, stageIds: readonly string[]): Promise<number> {
    return this.operate((s) => stages.deleteStages(s.state, workflowRunId, stageIds));
  }
  claimDueSuspendedStages(options: {
    now: Date;
    limit: number;
    leaseMs: number;
  }): Promise<StageRecord[]> {
    return this.operate((s) => stages.claimDueSuspendedStages(s.state, options));
  }
  recordStageProgress(write: StageProgressWrite): Promise<boolean> {
    return this.operate((s) => stages.recordStageProgress(s.state, write));
  }

  enqueueJobs(newJobs: NewJob[]): Promise<JobRecord[]> {
    return this.operate((s) => jobs.enqueueJobs(s, newJobs));
  }
  getJob(id: string): Promise<JobRecord | null> {
    return this.operate((s) => jobs.getJob(s, id));
  }
  getJobsByRun(workflowRunId: string): Promise<JobRecord[]> {
    return this.operate((s) => jobs.getJobsByRun(s, workflowRunId));
  }
  completeJob(id: string, now: Date, options?: { workerId?: string }): Promise<boolean> {
    return this.operate((s) => jobs.completeJob(s, id, now, options));
  }
  rescheduleJob(
    id: string,
    update: { attempt: number; availableAt: Date; lastError: string | null },
    now: Date,
  ): Promise<void> {
    return this.operate((s) => jobs.rescheduleJob(s, id, update, now));
  }
  failJob(id: string, error: string, now: Date): Promise<void> {
    return this.operate((s) => jobs.failJob(s, id, error, now));
  }
  cancelJobsByRun(workflowRunId: string, now: Date): Promise<number> {
    return this.operate((s) => jobs.cancelJobsByRun(s, workflowRunId, now));
  }
  deleteJobs(workflowRunId: string, stageIds: readonly string[]): Promise<number> {
    return this.operate((s) => jobs.deleteJobs(s, workflowRunId, stageIds));
  }

  appendLogs(entries: NewLogRecord[]): Promise<void> {
    return this.operate((s) => logs.appendLogs(s.state, entries));
  }
  getLogs(
    workflowRunId: string,
    options?: { stageId?: string; limit?: number },
  ): Promise<LogRecord[]> {
    return this.operate((s) => logs.getLogs(s.state, workflowRunId, options));
  }

  appendOutboxEvents(events: NewOutboxEvent[]): Promise<OutboxRecord[]> {
    return this.operate((s) => outbox.appendOutboxEvents(s.state, events));
  }
  claimOutboxEvents(options: {
    workerId: string;
    limit: number;
    now: Date;
    leaseMs: number;
  }): Promise<OutboxRecord[]> {
    return this.operate((s) => outbox.claimOutboxEvents(s.state, options));
  }
  markOutboxEventsPublished(ids: readonly string[], now: Date): Promise<void> {
    return this.operate((s) => outbox.markOutboxEventsPublished(s.state, ids, now));
  }
  renewOutboxClaims(options: {
    workerId: string;
    ids: readonly string[];
    now: Date;
    leaseMs: number;
  }): Promise<string[]> {
    return this.operate((s) => outbox.renewOutboxClaims(s.state, options));
  }
  nextOutboxDueAt(now: Date): Promise<Date | null> {
    return this.operate((s) => outbox.nextOutboxDueAt(s.state, now));
  }
  releaseOutboxClaims(ids: readonly string[], options?: { workerId?: string }): Promise<void> {
    return this.operate((s) => outbox.releaseOutboxClaims(s.state, ids, options));
  }
  recordOutboxFailure(
    id: string,
    options: { error: string; maxRetries: number; retryAt: Date },
  ): Promise<OutboxFailureResult> {
    return this.operate((s) => outbox.recordOutboxFailure(s.state, id, options));
  }
  listDeadLetters(limit: number): Promise<OutboxRecord[]> {
    return this.operate((s) => outbox.listDeadLetters(s.state, limit));
  }
  replayDeadLetters(
    maxEvents: number,
    options?: { readonly eventIds?: readonly string[] },
  ): Promise<number> {
    return this.operate((s) => outbox.replayDeadLetters(s.state, maxEvents, options?.eventIds));
  }
  getOutboxEvents(workflowRunId: string): Promise<OutboxRecord[]> {
    return this.operate((s) => outbox.getOutboxEvents(s.state, workflowRunId));
  }

  acquireIdempotencyKey(options: {
    key: string;
    commandType: string;
    now: Date;
    reclaimAfterMs: number;
  }): Promise<IdempotencyAcquireResult> {
    return this.operate((s) => idempotency.acquireIdempotencyKey(s.state, options));
  }
  completeIdempotencyKey(
    key: string,
    commandType: string,
    result: unknown,
    now: Date,
  ): Promise<void> {
    return this.operate((s) =>
      idempotency.completeIdempotencyKey(s.state, key, commandType, result, now),
    );
  }
  releaseIdempotencyKey(key: string, commandType: string): Promise<void> {
    return this.operate((s) => idempotency.releaseIdempotencyKey(s.state, key, commandType));
  }

  /** `forUpdate` is honoured trivially: transactions are serialized. */
  getSchedule(id: string, _options?: { forUpdate?: boolean }): Promise<ScheduleRecord | null> {
    return this.operate((s) => schedules.getSchedule(s.state, id));
  }
  putSchedule(record: ScheduleRecord): Promise<void> {
    return this.operate((s) => schedules.putSchedule(s.state, record));
  }
  deleteSchedule(id: string): Promise<boolean> {
    return this.operate((s) => schedules.deleteSchedule(s.state, id));
  }
  listSchedules(filter: ListSchedulesFilter): Promise<ScheduleRecord[]> {
    return this.operate((s) => schedules.listSchedules(s.state, filter));
  }
  claimDueSchedules(options: { now: Date; limit: number }): Promise<ScheduleRecord[]> {
    return this.operate((s) => schedules.claimDueSchedules(s.state, options));
  }
  nextScheduleDueAt(): Promise<Date | null> {
    return this.operate((s) => schedules.nextScheduleDueAt(s.state));
  }
}
