import type { JobRecord, NewJob } from "./job-record";
import type { CreateRunInput, RunRecord } from "./run-record";
import type { CreateStageInput, StageRecord } from "./stage-record";

/**
 * The record `Persistence.createRun` stores for `input` under `id`: PENDING, version 1, no
 * progress yet. Adapters pass `input` with its JSON fields already normalised to what they store,
 * so every adapter starts a run from the same defaults.
 */
export function newRunRecord(id: string, input: CreateRunInput): RunRecord {
  return {
    id,
    workflowId: input.workflowId,
    status: "PENDING",
    input: input.input,
    config: input.config,
    priority: input.priority,
    metadata: input.metadata,
    currentGroup: null,
    output: null,
    error: null,
    cancelReason: null,
    totalCost: 0,
    totalTokens: 0,
    budgetUsd: input.budgetUsd ?? null,
    claimedBy: null,
    traceparent: input.traceparent ?? null,
    tracestate: input.tracestate ?? null,
    createdAt: new Date(input.now.getTime()),
    startedAt: null,
    completedAt: null,
    updatedAt: new Date(input.now.getTime()),
    version: 1,
  };
}

/**
 * The record `Persistence.createStages` stores for `input` under `id`: PENDING (RUNNING from
 * `input.startedAt` when that is set), attempt 1, version 1, nothing measured yet.
 */
export function newStageRecord(id: string, input: CreateStageInput): StageRecord {
  return {
    id,
    workflowRunId: input.workflowRunId,
    stageId: input.stageId,
    stageName: input.stageName,
    groupIndex: input.groupIndex,
    status: input.startedAt === undefined ? "PENDING" : "RUNNING",
    attempt: 1,
    outputRef: null,
    suspendedState: null,
    nextPollAt: null,
    pollIntervalMs: null,
    maxWaitUntil: null,
    error: null,
    progress: null,
    metrics: null,
    cost: 0,
    inputTokens: 0,
    outputTokens: 0,
    startedAt: input.startedAt === undefined ? null : new Date(input.startedAt.getTime()),
    completedAt: null,
    durationMs: null,
    traceparent: null,
    createdAt: new Date(input.now.getTime()),
    updatedAt: new Date(input.now.getTime()),
    version: 1,
  };
}

/**
 * The record `Persistence.enqueueJobs` stores for `job` under `id` with its normalised `payload`:
 * PENDING and due at `availableAt` (default `now`), or RUNNING and leased at `now` when
 * `job.leasedTo` is set.
 */
export function newJobRecord(id: string, job: NewJob, payload: Record<string, unknown>): JobRecord {
  const at = (): Date => new Date(job.now.getTime());
  const leased = job.leasedTo !== undefined;
  return {
    id,
    workflowRunId: job.workflowRunId,
    workflowId: job.workflowId,
    stageId: job.stageId,
    status: leased ? "RUNNING" : "PENDING",
    priority: job.priority,
    attempt: job.attempt,
    maxAttempts: job.maxAttempts,
    payload,
    availableAt: new Date((job.availableAt ?? job.now).getTime()),
    lockedBy: job.leasedTo ?? null,
    lockedAt: leased ? at() : null,
    heartbeatAt: leased ? at() : null,
    lastError: null,
    createdAt: at(),
    updatedAt: at(),
  };
}
