import {
  type CreateStageInput,
  newStageRecord,
  StageAlreadyExistsError,
  StageNotFoundError,
  type StageProgressWrite,
  type StageRecord,
  StaleVersionError,
  type UpdateOptions,
  type UpdateStageInput,
} from "@stageflow/kernel";
import type { InMemoryState } from "./in-memory-state";
import {
  applyPatch,
  byDate,
  copyOut,
  type FieldKind,
  toRequiredDate,
  toStoredJson,
} from "./stored-value";

const STAGE_PATCH_FIELDS: Readonly<Record<keyof UpdateStageInput, FieldKind>> = {
  status: "value",
  attempt: "value",
  outputRef: "value",
  suspendedState: "json",
  nextPollAt: "date",
  pollIntervalMs: "value",
  maxWaitUntil: "date",
  error: "json",
  progress: "json",
  metrics: "json",
  cost: "value",
  inputTokens: "value",
  outputTokens: "value",
  startedAt: "date",
  completedAt: "date",
  durationMs: "value",
  traceparent: "value",
};

/** `Persistence.createStages`: all or nothing; `(workflowRunId, stageId)` is unique. */
export function createStages(state: InMemoryState, inputs: CreateStageInput[]): StageRecord[] {
  const taken = new Set(
    [...state.stages.values()].map((s) => uniqueKey(s.workflowRunId, s.stageId)),
  );
  const records = inputs.map((input): StageRecord => {
    const key = uniqueKey(input.workflowRunId, input.stageId);
    if (taken.has(key)) {
      throw new StageAlreadyExistsError(input.workflowRunId, input.stageId);
    }
    taken.add(key);
    const now = toRequiredDate(input.now, "stage.now");
    const startedAt =
      input.startedAt === undefined
        ? {}
        : { startedAt: toRequiredDate(input.startedAt, "stage.startedAt") };
    return newStageRecord(crypto.randomUUID(), { ...input, now, ...startedAt });
  });
  for (const record of records) state.stages.set(record.id, record);
  return copyOut(records);
}

/** `Persistence.getStage`. */
export function getStage(
  state: InMemoryState,
  workflowRunId: string,
  stageId: string,
): StageRecord | null {
  for (const stage of state.stages.values()) {
    if (stage.workflowRunId === workflowRunId && stage.stageId === stageId) return copyOut(stage);
  }
  return null;
}

/** `Persistence.getStagesByRun`: by group, then stage id. */
export function getStagesByRun(state: InMemoryState, workflowRunId: string): StageRecord[] {
  return copyOut(
    [...state.stages.values()]
      .filter((stage) => stage.workflowRunId === workflowRunId)
      .sort((a, b) => a.groupIndex - b.groupIndex || compareStrings(a.stageId, b.stageId)),
  );
}

/** `Persistence.updateStage`. */
export function updateStage(
  state: InMemoryState,
  id: string,
  patch: UpdateStageInput,
  now: Date,
  options?: UpdateOptions,
): StageRecord {
  const current = state.stages.get(id);
  if (!current) throw new StageNotFoundError(id);
  const expected = options?.expectedVersion;
  if (expected !== undefined && expected !== current.version) {
    throw new StaleVersionError("stage", id, expected, current.version);
  }
  const next: StageRecord = {
    ...applyPatch(current, patch, STAGE_PATCH_FIELDS, "stage"),
    updatedAt: toRequiredDate(now, "stage.updatedAt"),
    version: current.version + 1,
  };
  state.stages.set(id, next);
  return copyOut(next);
}

/**
 * `Persistence.recordStageProgress`: stores `progress` alone (version and `updatedAt` unchanged)
 * when the stage is RUNNING with the attempt and its job is RUNNING and leased to the worker.
 */
export function recordStageProgress(state: InMemoryState, write: StageProgressWrite): boolean {
  const progress = toStoredJson(write.progress, "stage.progress");
  const stage = state.stages.get(write.stageRecordId);
  const job = state.jobs.get(write.jobId);
  if (stage?.status !== "RUNNING" || stage.attempt !== write.attempt) return false;
  if (job?.status !== "RUNNING" || job.lockedBy !== write.workerId) return false;
  state.stages.set(stage.id, { ...stage, progress });
  return true;
}

/** `Persistence.deleteStages`. */
export function deleteStages(
  state: InMemoryState,
  workflowRunId: string,
  stageIds: readonly string[],
): number {
  const names = new Set(stageIds);
  let deleted = 0;
  for (const [id, stage] of state.stages) {
    if (stage.workflowRunId === workflowRunId && names.has(stage.stageId)) {
      state.stages.delete(id);
      deleted += 1;
    }
  }
  return deleted;
}

/**
 * `Persistence.claimDueSuspendedStages`: earliest `nextPollAt` first. A claim is an update: it
 * moves `nextPollAt` to `now + leaseMs`, sets `updatedAt` and bumps `version`.
 */
export function claimDueSuspendedStages(
  state: InMemoryState,
  options: { now: Date; limit: number; leaseMs: number },
): StageRecord[] {
  const now = toRequiredDate(options.now, "claimDueSuspendedStages.now");
  const due = [...state.stages.values()]
    .filter(
      (stage) =>
        stage.status === "SUSPENDED" &&
        stage.nextPollAt !== null &&
        stage.nextPollAt.getTime() <= now.getTime(),
    )
    .sort((a, b) => byDate(a.nextPollAt, b.nextPollAt))
    .slice(0, Math.max(0, options.limit));
  return due.map((stage) => {
    const claimed: StageRecord = {
      ...stage,
      nextPollAt: new Date(now.getTime() + options.leaseMs),
      updatedAt: now,
      version: stage.version + 1,
    };
    state.stages.set(stage.id, claimed);
    return copyOut(claimed);
  });
}

function uniqueKey(workflowRunId: string, stageId: string): string {
  return JSON.stringify([workflowRunId, stageId]);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
