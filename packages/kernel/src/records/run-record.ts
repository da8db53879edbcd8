/** Lifecycle of a workflow run. */
export type RunStatus = "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";

/** A failure as stored on runs, stages and events: a message plus what identifies it. */
export interface StoredError {
  message: string;
  /** The `code` of a `StageflowError`, when the failure was one. */
  code?: string;
  /** The stage that failed, for run-level errors. */
  stageId?: string;
  /** The attempt (1-based) that failed, for stage failures. */
  attempt?: number;
  /**
   * The stack trace of the thrown `Error`, when it had one: secrets redacted, capped (kept on runs,
   * stages and `stage:failed` events, for the attempt history; `workflow:failed` carries the
   * other fields).
   */
  stack?: string;
}

/** One execution of a workflow, as persisted. Every update bumps `version`. */
export interface RunRecord {
  id: string;
  workflowId: string;
  status: RunStatus;
  /** The validated run input. */
  input: unknown;
  /** The merged, validated config, keyed by stage id. */
  config: Record<string, unknown>;
  /** Higher runs first when claiming. Default 5. */
  priority: number;
  metadata: Record<string, unknown> | null;
  /** The execution group (1-based) being executed, or null before the run is claimed. */
  currentGroup: number | null;
  /** The final output (set when COMPLETED). */
  output: unknown;
  /** Why the run FAILED: the failing stage's error (code, message, stack, attempt, stage). */
  error: StoredError | null;
  /** The reason given to `run.cancel` when the run was CANCELLED (null without one). */
  cancelReason: string | null;
  /** USD spent on AI calls made by this run's stages. */
  totalCost: number;
  /** Tokens (input + output) of this run's AI calls. */
  totalTokens: number;
  /**
   * AI cost budget in USD (`run.create`'s `budgetUsd`, else the workflow's default), or `null`
   * for none. Enforced by the AI helper before each call (see docs/ai.md).
   */
  budgetUsd: number | null;
  /** The worker that claimed the run. */
  claimedBy: string | null;
  /**
   * W3C `traceparent` of the span that created the run (with a kernel `telemetry` option): every
   * stage attempt's span is its child, in whichever process runs it. `null` when untraced.
   */
  traceparent: string | null;
  /** W3C `tracestate` stored with {@link RunRecord.traceparent}, or `null`. */
  tracestate: string | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  updatedAt: Date;
  version: number;
}

/** What `Persistence.createRun` needs; the adapter assigns id, timestamps and version 1. */
export interface CreateRunInput {
  workflowId: string;
  input: unknown;
  config: Record<string, unknown>;
  priority: number;
  metadata: Record<string, unknown> | null;
  /** AI cost budget in USD. Default `null` (none). */
  budgetUsd?: number | null;
  /** The trace context to store with the run (see {@link RunRecord.traceparent}). Default `null`. */
  traceparent?: string | null;
  /** Default `null`. */
  tracestate?: string | null;
  now: Date;
}

/** The fields of a run that may change after creation. */
export type UpdateRunInput = Partial<
  Pick<
    RunRecord,
    | "status"
    | "currentGroup"
    | "output"
    | "error"
    | "cancelReason"
    | "totalCost"
    | "totalTokens"
    | "claimedBy"
    | "startedAt"
    | "completedAt"
  >
>;
