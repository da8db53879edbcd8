/**
 * JSON shapes of the dashboard API (`@stageflow/dashboard`), as the UI reads them: the kernel's
 * query types with dates as ISO strings. Fields the UI does not read are left out or `unknown`.
 */

/** A run status, as the kernel spells it. */
export type RunStatus = "PENDING" | "RUNNING" | "SUSPENDED" | "COMPLETED" | "FAILED" | "CANCELLED";

/** The statuses the UI offers in filters, in display order. */
export const RUN_STATUSES: readonly RunStatus[] = [
  "PENDING",
  "RUNNING",
  "COMPLETED",
  "FAILED",
  "CANCELLED",
];

/** A failure as stored on runs, stages and events. */
export interface ApiStoredError {
  message: string;
  code?: string;
  stageId?: string;
  attempt?: number;
  stack?: string;
}

/** `GET /api/meta`. */
export interface Meta {
  title: string;
  basePath: string;
  readOnly: boolean;
  actions: { cancel: boolean; rerun: boolean; retry: boolean; replay: boolean };
  workflows: { id: string; name: string; stages: { id: string; name: string; group: number }[] }[];
}

/** A run in a listing. */
export interface RunSummary {
  id: string;
  workflowId: string;
  status: RunStatus;
  createdAt: string;
  startedAt?: string | null;
  completedAt?: string | null;
  updatedAt?: string;
  durationMs: number | null;
  metadata: Record<string, unknown> | null;
  totalCost: number;
  totalTokens: number;
  error: ApiStoredError | null;
  cancelReason?: string | null;
}

/** `GET /api/runs`. */
export interface RunPage {
  runs: RunSummary[];
  nextCursor: string | null;
}

/** Counts per status. */
export type StatusCounts = Partial<Record<string, number>>;

/** `GET /api/runs/count`. */
export interface RunCounts {
  total: number;
  byStatus: StatusCounts;
  byWorkflow: Record<string, { total: number; byStatus: StatusCounts }>;
}

/** A JSON value cut for display. */
export interface JsonPreview {
  value: unknown;
  truncated: boolean;
  bytes: number;
}

/** One attempt of a stage. */
export interface StageAttempt {
  attempt: number;
  outcome: "running" | "suspended" | "completed" | "failed" | "cancelled";
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  error: ApiStoredError | null;
  willRetry: boolean;
  retryAt: string | null;
}

/** What a suspended stage waits for. */
export interface SuspendedSummary {
  batchId: string | null;
  provider: string | null;
  submittedAt: string | null;
  nextPollAt: string | null;
  pollIntervalMs: number | null;
  deadline: string | null;
}

/** An AI call. */
export interface AiCall {
  stageId: string | null;
  topic: string;
  provider: string;
  model: string;
  kind: string;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  batch: boolean;
  batchId: string | null;
  status: "succeeded" | "failed";
  error: string | null;
  durationMs: number;
  createdAt: string;
  cached?: boolean;
}

/** A stage of a run page. */
export interface StageView {
  id: string;
  stageId: string;
  stageName: string;
  groupIndex: number;
  status: string;
  attempt: number;
  suspendedState: Record<string, unknown> | null;
  nextPollAt: string | null;
  maxWaitUntil: string | null;
  error: ApiStoredError | null;
  progress: { progress: number; message: string; details?: Record<string, unknown> } | null;
  metrics: Record<string, number> | null;
  cost: number;
  inputTokens: number;
  outputTokens: number;
  startedAt: string | null;
  completedAt: string | null;
  durationMs: number | null;
  attempts: StageAttempt[];
  suspended: SuspendedSummary | null;
  aiCalls: AiCall[];
  input: JsonPreview | null;
  output: JsonPreview | null;
}

/** A log line. */
export interface LogLine {
  id: string;
  stageId: string | null;
  level: string;
  message: string;
  meta: Record<string, unknown> | null;
  createdAt: string;
}

/** An outbox event. */
export interface OutboxEvent {
  id: string;
  workflowRunId: string;
  sequence?: number;
  type: string;
  payload: Record<string, unknown>;
  status?: string;
  retryCount: number;
  lastError: string | null;
  createdAt: string;
}

/** The run itself on a run page. */
export interface RunRecordView extends RunSummary {
  input?: JsonPreview | null;
  output?: JsonPreview | null;
  currentGroup?: number | null;
}

/** `GET /api/runs/:id`. */
export interface RunDetail {
  run: RunRecordView;
  stages: StageView[];
  logs: LogLine[];
  events: OutboxEvent[];
  aiCalls: AiCall[];
  aiCostSoFar: number;
  totals: { durationMs: number | null; inputTokens: number; outputTokens: number; cost: number };
}

/** `GET /api/dlq`. */
export interface DlqPage {
  events: OutboxEvent[];
  nextCursor: string | null;
}

/** A row of `GET /api/costs` days. */
export interface CostDay {
  day: string;
  workflowId: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
}

/** `GET /api/costs`. */
export interface Costs {
  days: CostDay[];
  byWorkflow: Omit<CostDay, "day">[];
}

/** `POST /api/runs/bulk` result. */
export interface BulkResult {
  matched: number;
  succeeded: number;
  failed: { id: string; code: string; message: string }[];
}

/** `POST /api/runs/:id/rerun` and `/retry` result. */
export interface RerunResult {
  workflowRunId: string;
  fromStageId: string;
  deletedStages: string[];
}
