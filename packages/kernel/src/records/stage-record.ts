import type { StoredError } from "./run-record";

/** Lifecycle of one stage within a run. */
export type StageStatus =
  | "PENDING"
  | "RUNNING"
  | "SUSPENDED"
  | "COMPLETED"
  | "FAILED"
  | "CANCELLED";

/** The latest progress a stage body reported through `ctx.onProgress`. */
export interface StageProgress {
  progress: number;
  message: string;
  details?: Record<string, unknown>;
}

/** One stage of one run, as persisted. `(workflowRunId, stageId)` is unique. */
export interface StageRecord {
  /** The record id (`stageRecordId` in contexts). */
  id: string;
  workflowRunId: string;
  stageId: string;
  stageName: string;
  /** The execution group (1-based) the stage belongs to. */
  groupIndex: number;
  status: StageStatus;
  /** The attempt being (or last) executed, 1-based. */
  attempt: number;
  /** Blob-store key of the output, once COMPLETED. */
  outputRef: string | null;
  /** The state an async-batch stage returned when it suspended (never secrets). */
  suspendedState: Record<string, unknown> | null;
  /** When `stage.pollSuspended` should next check a SUSPENDED stage. */
  nextPollAt: Date | null;
  pollIntervalMs: number | null;
  /** A SUSPENDED stage still waiting at this time fails with a timeout. */
  maxWaitUntil: Date | null;
  error: StoredError | null;
  progress: StageProgress | null;
  /** Custom metrics returned by the stage plus AI usage totals. */
  metrics: Record<string, number> | null;
  /** USD spent on AI calls attributed to this stage. */
  cost: number;
  inputTokens: number;
  outputTokens: number;
  startedAt: Date | null;
  completedAt: Date | null;
  durationMs: number | null;
  /**
   * W3C `traceparent` of the traced attempt that suspended this (async-batch) stage, so the check
   * that resumes it links to that span; `null` when untraced or never suspended.
   */
  traceparent: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** What `Persistence.createStages` needs for one stage. */
export interface CreateStageInput {
  workflowRunId: string;
  stageId: string;
  stageName: string;
  groupIndex: number;
  now: Date;
  /**
   * When set, the stage is created RUNNING (attempt 1) with this `startedAt`, for a job that is
   * leased in the same transaction (`NewJob.leasedTo`); otherwise it is created PENDING.
   */
  startedAt?: Date;
}

/** The fields of a stage that may change after creation. */
export type UpdateStageInput = Partial<
  Pick<
    StageRecord,
    | "status"
    | "attempt"
    | "outputRef"
    | "suspendedState"
    | "nextPollAt"
    | "pollIntervalMs"
    | "maxWaitUntil"
    | "error"
    | "progress"
    | "metrics"
    | "cost"
    | "inputTokens"
    | "outputTokens"
    | "startedAt"
    | "completedAt"
    | "durationMs"
    | "traceparent"
  >
>;
