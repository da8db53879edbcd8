import type {
  AICallSummary,
  AICostDayRow,
  AICostsByDayRequest,
  DeletedRunRows,
  EventPageRequest,
  OutboxRecord,
  RunCountRow,
  RunFieldFilter,
  RunFilter,
  RunPageRequest,
  RunRecord,
  RunStatus,
  RunSummaryRecord,
} from "@stageflow/kernel";
import type { AICallRecordLike } from "./in-memory-ai-call-logger";
import type { InMemoryState } from "./in-memory-state";
import { copyOut } from "./stored-value";

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `(createdAt, id)` ascending. */
function byPosition(
  a: { createdAt: Date; id: string },
  b: { createdAt: Date; id: string },
): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || compareIds(a.id, b.id);
}

function inRange(date: Date | null, after?: Date, before?: Date): boolean {
  if (after === undefined && before === undefined) return true;
  if (date === null) return false;
  const t = date.getTime();
  return (
    (after === undefined || t >= after.getTime()) && (before === undefined || t < before.getTime())
  );
}

/** The value at `path` (object keys only) of `document`, or `undefined`. */
function valueAt(document: unknown, path: readonly string[]): unknown {
  let current = document;
  for (const key of path) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** True when the run's `field.source` JSON holds `field.value` (same type) at `field.path`. */
function fieldMatches(run: RunRecord, field: RunFieldFilter): boolean {
  const document =
    field.source === "metadata" ? run.metadata : field.source === "input" ? run.input : run.output;
  return valueAt(document, field.path) === field.value;
}

/** A predicate of the runs matching `filter`. */
function matcher(state: InMemoryState, filter: RunFilter): (run: RunRecord) => boolean {
  let failed: Set<string> | undefined;
  if (filter.failedStageId !== undefined) {
    failed = new Set();
    for (const stage of state.stages.values()) {
      if (stage.stageId === filter.failedStageId && stage.status === "FAILED") {
        failed.add(stage.workflowRunId);
      }
    }
  }
  const metadata = Object.entries(filter.metadata ?? {});
  return (run) =>
    (filter.statuses === undefined || filter.statuses.includes(run.status)) &&
    (filter.workflowIds === undefined || filter.workflowIds.includes(run.workflowId)) &&
    inRange(run.createdAt, filter.createdAfter, filter.createdBefore) &&
    inRange(run.completedAt, filter.finishedAfter, filter.finishedBefore) &&
    (failed === undefined || (run.status === "FAILED" && failed.has(run.id))) &&
    (filter.idPrefix === undefined || run.id.startsWith(filter.idPrefix)) &&
    metadata.every(([key, value]) => run.metadata !== null && run.metadata[key] === value) &&
    (filter.field === undefined || fieldMatches(run, filter.field));
}

function summaryOf(run: RunRecord): RunSummaryRecord {
  const { input: _input, config: _config, output: _output, ...summary } = run;
  return copyOut(summary);
}

/** `RunQueries.listRuns`. */
export function listRunPage(state: InMemoryState, request: RunPageRequest): RunSummaryRecord[] {
  const matches = matcher(state, request.filter);
  const sign = request.order === "newest" ? -1 : 1;
  const after = request.after;
  return [...state.runs.values()]
    .filter((run) => matches(run) && (after === undefined || sign * byPosition(run, after) > 0))
    .sort((a, b) => sign * byPosition(a, b))
    .slice(0, request.limit)
    .map(summaryOf);
}

/** `RunQueries.countRuns`. */
export function countRuns(state: InMemoryState, filter: RunFilter): RunCountRow[] {
  const matches = matcher(state, filter);
  const counts = new Map<string, { workflowId: string; status: RunStatus; count: number }>();
  for (const run of state.runs.values()) {
    if (!matches(run)) continue;
    const key = JSON.stringify([run.workflowId, run.status]);
    const row = counts.get(key) ?? { workflowId: run.workflowId, status: run.status, count: 0 };
    row.count += 1;
    counts.set(key, row);
  }
  return [...counts.values()];
}

/** `RunQueries.listEvents`. */
export function listEventPage(state: InMemoryState, request: EventPageRequest): OutboxRecord[] {
  const after = request.after;
  const direction = request.order === "oldest" ? 1 : -1;
  return copyOut(
    [...state.outbox.values()]
      .filter(
        (event) =>
          (request.status === undefined || event.status === request.status) &&
          (request.workflowRunId === undefined || event.workflowRunId === request.workflowRunId) &&
          (request.type === undefined || event.type === request.type) &&
          inRange(event.createdAt, request.createdAfter, request.createdBefore) &&
          (after === undefined || direction * byPosition(event, after) > 0),
      )
      .sort((a, b) => direction * byPosition(a, b))
      .slice(0, request.limit),
  );
}

/** The AI call summaries of `records` (fields the logger's record type may lack get defaults). */
export function toAICallSummaries(records: readonly AICallRecordLike[]): AICallSummary[] {
  return records.map((record) => {
    const r = record as AICallRecordLike & Record<string, unknown>;
    const text = (value: unknown): string | null => (typeof value === "string" ? value : null);
    const createdAt = r.createdAt instanceof Date ? new Date(r.createdAt.getTime()) : new Date(0);
    return {
      stageId: record.stageId ?? null,
      topic: record.topic,
      provider: text(r.provider) ?? "",
      model: text(r.model) ?? "",
      kind: text(r.kind) ?? "",
      inputTokens: record.inputTokens,
      outputTokens: record.outputTokens,
      cost: record.cost,
      batch: r.batch === true,
      batchId: text(r.batchId),
      status: record.status,
      error: text(r.error),
      durationMs: typeof r.durationMs === "number" ? Math.round(r.durationMs) : 0,
      createdAt,
      cached: r.cached === true,
    };
  });
}

/**
 * `RunQueries.aiCostsByDay` over `records`: the calls of runs still in `state`, created in
 * `[from, to)`, summed per UTC day and workflow, ordered by day then workflow id.
 */
export function aiCostsByDay(
  state: InMemoryState,
  records: readonly AICallRecordLike[],
  request: AICostsByDayRequest,
): AICostDayRow[] {
  const rows = new Map<string, { -readonly [K in keyof AICostDayRow]: AICostDayRow[K] }>();
  const summaries = toAICallSummaries(records);
  for (const [i, record] of records.entries()) {
    const call = summaries[i] as AICallSummary;
    const run =
      record.workflowRunId === undefined ? undefined : state.runs.get(record.workflowRunId);
    if (run === undefined) continue;
    if (request.workflowId !== undefined && run.workflowId !== request.workflowId) continue;
    const t = call.createdAt.getTime();
    if (t < request.from.getTime() || t >= request.to.getTime()) continue;
    const day = call.createdAt.toISOString().slice(0, 10);
    const key = JSON.stringify([day, run.workflowId]);
    const row = rows.get(key) ?? {
      day,
      workflowId: run.workflowId,
      calls: 0,
      inputTokens: 0,
      outputTokens: 0,
      cost: 0,
    };
    row.calls += 1;
    row.inputTokens += call.inputTokens;
    row.outputTokens += call.outputTokens;
    row.cost += call.cost;
    rows.set(key, row);
  }
  return [...rows.values()].sort(
    (a, b) => compareIds(a.day, b.day) || compareIds(a.workflowId, b.workflowId),
  );
}

/**
 * `Persistence.deleteRuns` on the state: the runs of `ids` in one of `statuses`, and every row
 * of theirs. `aiCalls` is the number of AI call records the caller will delete after commit.
 */
export function deleteRuns(
  state: InMemoryState,
  ids: readonly string[],
  statuses: readonly RunStatus[],
): Omit<DeletedRunRows, "aiCalls"> {
  const runIds = [...new Set(ids)].filter((id) => {
    const run = state.runs.get(id);
    return run !== undefined && statuses.includes(run.status);
  });
  const gone = new Set(runIds);
  const removeFrom = <T>(map: Map<string, T>, belongs: (value: T) => boolean): number => {
    let count = 0;
    for (const [key, value] of map) {
      if (belongs(value)) {
        map.delete(key);
        count += 1;
      }
    }
    return count;
  };
  for (const id of runIds) state.runs.delete(id);
  const stages = removeFrom(state.stages, (stage) => gone.has(stage.workflowRunId));
  const jobs = removeFrom(state.jobs, (job) => gone.has(job.workflowRunId));
  const outboxEvents = removeFrom(state.outbox, (event) => gone.has(event.workflowRunId));
  for (const id of runIds) state.outboxSequences.delete(id);
  const idempotencyKeys = removeFrom(state.idempotency, (entry) => {
    const result = entry.result as { workflowRunId?: unknown } | null;
    return typeof result?.workflowRunId === "string" && gone.has(result.workflowRunId);
  });
  const before = state.logs.length;
  state.logs = state.logs.filter((log) => !gone.has(log.workflowRunId));
  return { runIds, stages, jobs, logs: before - state.logs.length, outboxEvents, idempotencyKeys };
}
