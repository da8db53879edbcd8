import type {
  AICallSummary,
  AICostDayRow,
  MetadataValue,
  RunFieldSource,
  RunSummaryRecord,
} from "../ports/run-queries";
import type { LogRecord } from "../records/log-record";
import type { OutboxRecord, OutboxStatus } from "../records/outbox-record";
import type { RunRecord, RunStatus, StoredError } from "../records/run-record";
import type { StageRecord } from "../records/stage-record";

/** A time given to a query: a `Date`, epoch milliseconds, or an ISO-8601 string. */
export type QueryTime = Date | number | string;

/** Filters of `listRuns` and `countRuns`; all optional, combined with AND. */
export interface RunFilterOptions {
  /** One status or several (any of them). */
  readonly status?: RunStatus | readonly RunStatus[];
  /** One workflow id or several (any of them). */
  readonly workflowId?: string | readonly string[];
  /** Created at or after this time. */
  readonly createdAfter?: QueryTime;
  /** Created strictly before this time. */
  readonly createdBefore?: QueryTime;
  /** Finished (COMPLETED, FAILED or CANCELLED) at or after this time. */
  readonly finishedAfter?: QueryTime;
  /** Finished strictly before this time. */
  readonly finishedBefore?: QueryTime;
  /** Runs in which this stage failed (its stage record is FAILED). */
  readonly failedStageId?: string;
  /** Runs whose metadata has every one of these key = value pairs (JSON scalars). */
  readonly metadata?: Readonly<Record<string, MetadataValue>>;
  /** Runs whose id starts with this (e.g. the first characters a user copied). */
  readonly idPrefix?: string;
  /**
   * Runs whose stored `metadata`, `input` or `output` JSON has `value` at `path`: equality of
   * JSON type and value (`"1"` ≠ `1`), every segment an object key (1..8 segments of 1..128
   * letters, digits, spaces or `_ - : @ $`). It matches the JSON stored on the run record itself
   * (a run's input, metadata and final output are stored inline there); stage outputs kept in
   * the blob store are not searched.
   *
   * @example `{ source: "input", path: ["customer", "id"], value: "acme" }`
   */
  readonly field?: {
    readonly source: RunFieldSource;
    readonly path: readonly string[];
    readonly value: string | number | boolean;
  };
}

/** Options of `listRuns`. */
export interface ListRunsOptions extends RunFilterOptions {
  /** `newest` (default) or `oldest` first, by creation time then id. */
  readonly order?: "newest" | "oldest";
  /** Page size, 1..1000; default 50. */
  readonly limit?: number;
  /** `nextCursor` of the previous page (same filters and order). */
  readonly cursor?: string;
}

/** A run in a listing: its record without input, config and output, plus its duration. */
export interface RunSummary extends RunSummaryRecord {
  /** `completedAt − startedAt` of a finished run, or `null`. */
  readonly durationMs: number | null;
}

/** One page of `listRuns`. */
export interface RunListPage {
  readonly runs: RunSummary[];
  /** Pass as `cursor` for the next page; `null` on the last page. */
  readonly nextCursor: string | null;
}

/** Counts per status (every status present, 0 when none). */
export type StatusCounts = Record<RunStatus, number>;

/** What `countRuns` returns. */
export interface RunCounts {
  readonly total: number;
  readonly byStatus: StatusCounts;
  /** Per workflow id that has matching runs. */
  readonly byWorkflow: Record<string, { readonly total: number; readonly byStatus: StatusCounts }>;
}

/** One attempt of a stage, rebuilt from the run's events. */
export interface StageAttempt {
  /** 1-based. */
  readonly attempt: number;
  /** How the attempt ended, or `running` / `suspended` while it has not. */
  readonly outcome: "running" | "suspended" | "completed" | "failed" | "cancelled";
  readonly startedAt: Date | null;
  readonly endedAt: Date | null;
  readonly durationMs: number | null;
  /** The failure (message, code, stack when known) of a failed attempt. */
  readonly error: StoredError | null;
  /** True when a failed attempt was followed by another one (scheduled or made). */
  readonly willRetry: boolean;
  /** When the retry of a failed attempt became (or becomes) due, when known. */
  readonly retryAt: Date | null;
}

/** What a suspended (async-batch) stage is waiting for. */
export interface SuspendedSummary {
  /** `state.batchId` of the suspended state, when it is a string. */
  readonly batchId: string | null;
  /** `state.provider` of the suspended state, when it is a string. */
  readonly provider: string | null;
  /** `state.submittedAt`, when it is a string. */
  readonly submittedAt: string | null;
  readonly nextPollAt: Date | null;
  readonly pollIntervalMs: number | null;
  /** The stage fails with a timeout when still waiting at this time. */
  readonly deadline: Date | null;
}

/** A stage of `getRunDetail`. */
export interface StageDetail extends StageRecord {
  /** Every attempt of the stage since it was (re)created, oldest first. */
  readonly attempts: StageAttempt[];
  /** Set while the stage is SUSPENDED. */
  readonly suspended: SuspendedSummary | null;
  /** AI calls attributed to this stage. */
  readonly aiCalls: AICallSummary[];
}

/** Everything stored about one run. */
export interface RunDetail {
  readonly run: RunRecord & { readonly durationMs: number | null };
  /** By group, then stage id. */
  readonly stages: StageDetail[];
  /** Log lines in insertion order. */
  readonly logs: LogRecord[];
  /** Outbox events in sequence order, with their publication state. */
  readonly events: OutboxRecord[];
  /** Every AI call of the run (also under each stage), oldest first. */
  readonly aiCalls: AICallSummary[];
  /**
   * USD of the run's AI calls recorded so far (the sum of `aiCalls[].cost`): it grows as each
   * call completes, while the run is still running, whereas `run.totalCost` grows when a stage
   * attempt commits. Memoized calls count 0.
   */
  readonly aiCostSoFar: number;
}

/** Options of `listDeadLetters`. */
export interface ListDeadLettersOptions {
  readonly workflowRunId?: string;
  readonly type?: string;
  readonly createdAfter?: QueryTime;
  readonly createdBefore?: QueryTime;
  /** Page size, 1..1000; default 50. */
  readonly limit?: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
}

/** One page of `listDeadLetters`, oldest first. */
export interface DeadLetterPage {
  readonly events: OutboxRecord[];
  readonly nextCursor: string | null;
}

/** Options of `listEvents`: the filters of `listDeadLetters`, any state, either order. */
export interface ListEventsOptions extends ListDeadLettersOptions {
  /** Only events in this state: `PENDING`, `PUBLISHED` or `DLQ`. */
  readonly status?: OutboxStatus;
  /** `newest` (default) or `oldest` first, by creation time then id. */
  readonly order?: "newest" | "oldest";
}

/** One page of `listEvents`, in the order asked for. */
export type EventPage = DeadLetterPage;

/** Options of `costsByDay`. */
export interface CostsByDayOptions {
  /** AI calls created at or after this time (a UTC midnight for whole days). */
  readonly from: QueryTime;
  /**
   * AI calls created strictly before this time: the range is half-open `[from, to)`, so for the
   * days D1..D2 inclusive pass D1's midnight and the midnight after D2 (UTC).
   */
  readonly to: QueryTime;
  /** Only the calls of runs of this workflow. */
  readonly workflowId?: string;
}

/** One row of `costsByDay`: the AI calls of one workflow's runs on one UTC day. */
export type CostDay = AICostDayRow;

/**
 * The kernel's query API (`kernel.query`, or `createRunQueries(persistence)`): typed, validated
 * reads for CLIs, dashboards and scripts. Bad input throws `InvalidQueryError` before any read.
 */
export interface RunQueryApi {
  /** A page of runs, newest first by default. */
  listRuns(options?: ListRunsOptions): Promise<RunListPage>;
  /** How many runs match, by status and by workflow. */
  countRuns(options?: RunFilterOptions): Promise<RunCounts>;
  /** The run with its stages, attempts, logs, events and AI calls, or `null` when unknown. */
  getRunDetail(workflowRunId: string): Promise<RunDetail | null>;
  /** A page of dead-lettered events, oldest first. */
  listDeadLetters(options?: ListDeadLettersOptions): Promise<DeadLetterPage>;
  /** A page of outbox events of every run (or one), newest first by default: what a tail reads. */
  listEvents(options?: ListEventsOptions): Promise<EventPage>;
  /**
   * AI calls, tokens and cost per UTC day and workflow for calls created in `[from, to)`,
   * ordered by day then workflow id; memoized calls count as calls with cost 0. Only calls
   * attributed to a run are counted; `[]` when the persistence has no AI call store attached.
   */
  costsByDay(options: CostsByDayOptions): Promise<CostDay[]>;
}
