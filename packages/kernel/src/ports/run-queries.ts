import type { OutboxRecord, OutboxStatus } from "../records/outbox-record";
import type { RunRecord, RunStatus } from "../records/run-record";

/** A metadata value a filter can match: a JSON scalar. */
export type MetadataValue = string | number | boolean;

/** Which stored JSON document of a run a {@link RunFieldFilter} looks into. */
export type RunFieldSource = "metadata" | "input" | "output";

/**
 * Equality on one JSON path of a run's stored `metadata`, `input` or `output` (the run record's
 * own columns; stage outputs kept in the blob store are not searched). Every path segment is an
 * object key (never an array index); the value at the end must be a JSON scalar of the same type
 * and value (`"1"` does not match `1`, `true` does not match `"true"`; `1` matches `1.0`).
 */
export interface RunFieldFilter {
  readonly source: RunFieldSource;
  /** Object keys from the document's root, 1..8 of them (validated by the kernel). */
  readonly path: readonly string[];
  readonly value: MetadataValue;
}

/**
 * Which runs a listing or count covers. Every field is optional and they combine with AND; the
 * kernel validates them (`createRunQueries`) before an adapter sees them, so adapters may trust
 * their shape. Time ranges are half-open: `…After` inclusive, `…Before` exclusive.
 */
export interface RunFilter {
  /** Any of these statuses (non-empty when given). */
  readonly statuses?: readonly RunStatus[];
  /** Any of these workflow ids (non-empty when given). */
  readonly workflowIds?: readonly string[];
  readonly createdAfter?: Date;
  readonly createdBefore?: Date;
  /** `completedAt` (the time a run became COMPLETED, FAILED or CANCELLED) at or after this. */
  readonly finishedAfter?: Date;
  /** `completedAt` strictly before this (runs not finished never match). */
  readonly finishedBefore?: Date;
  /**
   * FAILED runs with a FAILED stage record of this stage id (a failed stage fails its run at
   * once, so adapters may look among FAILED runs only).
   */
  readonly failedStageId?: string;
  /** Runs whose `metadata[key]` equals `value` (same JSON type and value) for every entry. */
  readonly metadata?: Readonly<Record<string, MetadataValue>>;
  /** Runs whose id starts with this string. */
  readonly idPrefix?: string;
  /** Runs whose `source` JSON has `value` at `path` (see {@link RunFieldFilter}). */
  readonly field?: RunFieldFilter;
}

/** The position of a run in the `(createdAt, id)` order: listings continue after it. */
export interface RunPosition {
  readonly createdAt: Date;
  readonly id: string;
}

/** A page request of `RunQueries.listRuns`. */
export interface RunPageRequest {
  readonly filter: RunFilter;
  /** `newest`: `(createdAt, id)` descending; `oldest`: ascending. */
  readonly order: "newest" | "oldest";
  /** Only runs strictly after this position in `order`. */
  readonly after?: RunPosition;
  /** At most this many runs. */
  readonly limit: number;
}

/** A run as listings return it: the record without its (possibly large) input, config and output. */
export type RunSummaryRecord = Omit<RunRecord, "input" | "config" | "output">;

/** How many runs of one workflow have one status. */
export interface RunCountRow {
  readonly workflowId: string;
  readonly status: RunStatus;
  readonly count: number;
}

/** Which outbox events `RunQueries.listEvents` returns (all fields combine with AND). */
export interface EventPageRequest {
  readonly workflowRunId?: string;
  /** Event type, e.g. `"workflow:completed"`. */
  readonly type?: string;
  /** Only events in this state (`"DLQ"` for the dead-letter queue). */
  readonly status?: OutboxStatus;
  /** `createdAt` at or after this. */
  readonly createdAfter?: Date;
  /** `createdAt` strictly before this. */
  readonly createdBefore?: Date;
  /** `oldest`: `(createdAt, id)` ascending; `newest`: descending. */
  readonly order: "oldest" | "newest";
  /** Only events strictly after this `(createdAt, id)` position in `order`. */
  readonly after?: { readonly createdAt: Date; readonly id: string };
  /** At most this many. */
  readonly limit: number;
}

/** One stored AI call (see `AICallRecord` in `@stageflow/ai`), as run details show it. */
export interface AICallSummary {
  readonly stageId: string | null;
  readonly topic: string;
  readonly provider: string;
  readonly model: string;
  /** `text`, `object`, `embed`, `batch`, … */
  readonly kind: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** USD. */
  readonly cost: number;
  readonly batch: boolean;
  readonly batchId: string | null;
  readonly status: "succeeded" | "failed";
  readonly error: string | null;
  readonly durationMs: number;
  readonly createdAt: Date;
  /** True for a memoized call served from the memo store: no vendor request, cost 0. */
  readonly cached: boolean;
}

/** Which AI calls `RunQueries.aiCostsByDay` sums. */
export interface AICostsByDayRequest {
  /** Calls created at or after this time. */
  readonly from: Date;
  /** Calls created strictly before this time. */
  readonly to: Date;
  /** Only calls of runs of this workflow. */
  readonly workflowId?: string;
}

/** The AI calls of one workflow's runs on one UTC day. */
export interface AICostDayRow {
  /** `YYYY-MM-DD`, the UTC day of the calls' `createdAt`. */
  readonly day: string;
  readonly workflowId: string;
  /** Every call (succeeded, failed and memoized). */
  readonly calls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** USD; memoized calls count 0. */
  readonly cost: number;
}

/**
 * Read-side queries over runs for operators (CLI, dashboards, scripts), served by
 * `Persistence.queries`. Every method is one or a few indexed statements (a listing never scans
 * the whole table for the newest page); every date is a `Date` on every adapter. Use them through
 * `kernel.query` or `createRunQueries(persistence)`, which validate the input first.
 */
export interface RunQueries {
  /** One page of runs matching `request.filter` in `request.order`, at most `limit` long. */
  listRuns(request: RunPageRequest): Promise<RunSummaryRecord[]>;
  /** Counts of the runs matching `filter`, one row per (workflow id, status) that has any. */
  countRuns(filter: RunFilter): Promise<RunCountRow[]>;
  /** Outbox events matching `request` (of every run, or one), in `request.order`. */
  listEvents(request: EventPageRequest): Promise<OutboxRecord[]>;
  /**
   * AI calls attributed to the run, oldest first. Adapters without an AI call store attached
   * return `[]`.
   */
  listAICalls(workflowRunId: string): Promise<AICallSummary[]>;
  /**
   * Calls, tokens and cost of the AI calls attributed to runs, per UTC day and workflow, ordered
   * by day then workflow id (bytewise). Calls without a run (or whose run is gone) are not
   * counted. Adapters without an AI call store attached return `[]`.
   */
  aiCostsByDay(request: AICostsByDayRequest): Promise<AICostDayRow[]>;
}

/** What `Persistence.deleteRuns` deleted, per kind of row. */
export interface DeletedRunRows {
  /** The runs deleted (a subset of the ids asked for: only runs in an allowed status). */
  readonly runIds: string[];
  readonly stages: number;
  readonly jobs: number;
  readonly logs: number;
  readonly outboxEvents: number;
  readonly aiCalls: number;
  readonly idempotencyKeys: number;
}
