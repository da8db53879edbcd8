import {
  type CreateRunInput,
  type ListRunsFilter,
  newRunRecord,
  RunNotFoundError,
  type RunRecord,
  StaleVersionError,
  type UpdateOptions,
  type UpdateRunInput,
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

const RUN_PATCH_FIELDS: Readonly<Record<keyof UpdateRunInput, FieldKind>> = {
  status: "value",
  currentGroup: "value",
  output: "json",
  error: "json",
  cancelReason: "value",
  totalCost: "value",
  totalTokens: "value",
  claimedBy: "value",
  startedAt: "date",
  completedAt: "date",
};

/** `Persistence.createRun`. */
export function createRun(state: InMemoryState, input: CreateRunInput): RunRecord {
  const now = toRequiredDate(input.now, "run.now");
  const run = newRunRecord(crypto.randomUUID(), {
    ...input,
    input: toStoredJson(input.input, "run.input"),
    config: toStoredJson(input.config, "run.config"),
    metadata: toStoredJson(input.metadata, "run.metadata"),
    now,
  });
  state.runs.set(run.id, run);
  return copyOut(run);
}

/** `Persistence.getRun`. */
export function getRun(state: InMemoryState, id: string): RunRecord | null {
  const run = state.runs.get(id);
  return run ? copyOut(run) : null;
}

/** `Persistence.updateRun`. */
export function updateRun(
  state: InMemoryState,
  id: string,
  patch: UpdateRunInput,
  now: Date,
  options?: UpdateOptions,
): RunRecord {
  const current = state.runs.get(id);
  if (!current) throw new RunNotFoundError(id);
  const expected = options?.expectedVersion;
  if (expected !== undefined && expected !== current.version) {
    throw new StaleVersionError("run", id, expected, current.version);
  }
  const next: RunRecord = {
    ...applyPatch(current, patch, RUN_PATCH_FIELDS, "run"),
    updatedAt: toRequiredDate(now, "run.updatedAt"),
    version: current.version + 1,
  };
  state.runs.set(id, next);
  return copyOut(next);
}

/** `Persistence.listRuns`: oldest `createdAt` first, ties in insertion order. */
export function listRuns(state: InMemoryState, filter: ListRunsFilter): RunRecord[] {
  const before = filter.updatedBefore?.getTime();
  const runs = [...state.runs.values()]
    .filter(
      (run) =>
        (filter.status === undefined || run.status === filter.status) &&
        (filter.workflowId === undefined || run.workflowId === filter.workflowId) &&
        (before === undefined || run.updatedAt.getTime() < before),
    )
    .sort((a, b) => byDate(a.createdAt, b.createdAt));
  return copyOut(filter.limit === undefined ? runs : runs.slice(0, Math.max(0, filter.limit)));
}

/** `Persistence.claimPendingRuns`: priority descending, then oldest first, then insertion order. */
export function claimPendingRuns(
  state: InMemoryState,
  options: { workerId: string; limit: number; now: Date },
): RunRecord[] {
  const now = toRequiredDate(options.now, "claimPendingRuns.now");
  const due = [...state.runs.values()]
    .filter((run) => run.status === "PENDING")
    .sort((a, b) => b.priority - a.priority || byDate(a.createdAt, b.createdAt))
    .slice(0, Math.max(0, options.limit));
  return due.map((run) => {
    const claimed: RunRecord = {
      ...run,
      status: "RUNNING",
      currentGroup: 1,
      claimedBy: options.workerId,
      startedAt: now,
      updatedAt: now,
      version: run.version + 1,
    };
    state.runs.set(run.id, claimed);
    return copyOut(claimed);
  });
}
