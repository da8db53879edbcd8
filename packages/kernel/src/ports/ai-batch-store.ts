import type { BatchedRequestSpec } from "@stageflow/core";

/**
 * Life of a batched request: `PENDING` (written with its stage's suspension) → `SUBMITTING`
 * (claimed into a provider batch being submitted) → `SUBMITTED` → `SUCCEEDED` / `FAILED`; or
 * `CANCELLED` (its run was cancelled) at any point before a result.
 */
export type AIBatchRequestStatus =
  | "PENDING"
  | "SUBMITTING"
  | "SUBMITTED"
  | "SUCCEEDED"
  | "FAILED"
  | "CANCELLED";

/** One stored cross-run batched request. Its `id` is the provider's custom id. */
export interface AIBatchRequestRecord {
  readonly id: string;
  readonly workflowRunId: string;
  readonly stageId: string;
  readonly stageRecordId: string;
  /** The stage attempt that made the request. */
  readonly attempt: number;
  /** The stage's key for the request. */
  readonly requestKey: string;
  readonly provider: string;
  readonly model: string;
  readonly spec: BatchedRequestSpec;
  /** Size of the request (its JSON), for the per-batch byte limit. */
  readonly bytes: number;
  readonly status: AIBatchRequestStatus;
  /** The engine's id of the provider batch it is in (see {@link AIBatchRecord}). */
  readonly batchId: string | null;
  readonly value: unknown;
  readonly error: string | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** USD at the batch price. */
  readonly cost: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A request to store with a stage's suspension. */
export interface NewAIBatchRequest {
  readonly workflowRunId: string;
  readonly stageId: string;
  readonly stageRecordId: string;
  readonly attempt: number;
  readonly requestKey: string;
  readonly provider: string;
  readonly model: string;
  readonly spec: BatchedRequestSpec;
  readonly bytes: number;
  readonly now: Date;
}

/**
 * Life of a provider batch: `SUBMITTING` (claimed by a worker, which holds it until
 * `claimedUntil`) → `SUBMITTED` (the provider accepted it) → `ENDED` (results recorded) or
 * `CANCELLED` (every request was cancelled). `SUBMIT_FAILED`: the provider refused it, its
 * requests went back to `PENDING`. `ABANDONED`: its worker died while submitting; its requests
 * went back to `PENDING` (the provider may still have accepted it: see `requestIds`).
 */
export type AIBatchStatusName =
  | "SUBMITTING"
  | "SUBMITTED"
  | "ENDED"
  | "CANCELLED"
  | "SUBMIT_FAILED"
  | "ABANDONED";

/** One provider batch as the engine records it. */
export interface AIBatchRecord {
  readonly id: string;
  readonly provider: string;
  readonly model: string;
  readonly status: AIBatchStatusName;
  readonly providerBatchId: string | null;
  readonly metadata: Record<string, unknown> | null;
  /** The custom ids sent (or being sent) to the provider. */
  readonly requestIds: readonly string[];
  readonly claimedBy: string | null;
  readonly claimedUntil: Date | null;
  /** Next status check of a SUBMITTED batch. */
  readonly nextPollAt: Date | null;
  readonly pollIntervalMs: number;
  readonly providerStatus: string | null;
  readonly error: string | null;
  readonly submittedAt: Date | null;
  readonly endedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Pending requests of one provider and model. */
export interface PendingAIBatchGroup {
  readonly provider: string;
  readonly model: string;
  readonly count: number;
  readonly oldestAt: Date;
}

/** A request's result to record. */
export interface AIBatchRequestResult {
  readonly id: string;
  readonly status: "SUCCEEDED" | "FAILED";
  readonly value?: unknown;
  readonly error?: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cost: number;
}

/**
 * Durable state of cross-run batching: the pending requests of every run and the provider
 * batches they went into. Like every persistence method, each call is its own transaction on the
 * root object and joins the transaction of a transaction-bound `Persistence`. Claims are safe
 * with several workers (`FOR UPDATE SKIP LOCKED` on Postgres, serialized transactions on SQLite).
 */
export interface AIBatchStore {
  /** Inserts PENDING requests (with ids the adapter makes, usable as provider custom ids). */
  insertRequests(requests: readonly NewAIBatchRequest[]): Promise<AIBatchRequestRecord[]>;
  /** PENDING requests grouped by provider and model, with the age of the oldest. */
  pendingGroups(): Promise<PendingAIBatchGroup[]>;
  /**
   * Atomically claims up to `limit` PENDING requests of the group (oldest first, at most
   * `maxBytes` in all, at least one) into a new SUBMITTING batch held by `workerId` until
   * `now + leaseMs`. Concurrent callers never claim the same request. Null when none is pending.
   */
  claimForSubmission(options: {
    readonly provider: string;
    readonly model: string;
    readonly limit: number;
    readonly maxBytes: number;
    readonly workerId: string;
    readonly pollIntervalMs: number;
    readonly now: Date;
    readonly leaseMs: number;
  }): Promise<{ batch: AIBatchRecord; requests: AIBatchRequestRecord[] } | null>;
  /**
   * SUBMITTING → SUBMITTED with the provider's id, if `workerId` still holds the batch; its
   * SUBMITTING requests become SUBMITTED. False (nothing changed) when the claim was lost.
   */
  markSubmitted(
    batchId: string,
    options: {
      readonly workerId: string;
      readonly providerBatchId: string;
      readonly metadata: Record<string, unknown> | null;
      readonly nextPollAt: Date;
      readonly now: Date;
    },
  ): Promise<boolean>;
  /** The provider refused the batch: SUBMIT_FAILED with `error`, its requests back to PENDING. */
  releaseSubmission(
    batchId: string,
    options: { readonly workerId: string; readonly error: string; readonly now: Date },
  ): Promise<void>;
  /**
   * SUBMITTING batches whose claim expired before `now` (their worker died): each becomes
   * ABANDONED and its SUBMITTING requests go back to PENDING. Returns the abandoned batches.
   */
  abandonExpiredSubmissions(now: Date): Promise<AIBatchRecord[]>;
  /**
   * Claims up to `limit` SUBMITTED batches due for a check (`nextPollAt <= now`) by moving
   * `nextPollAt` to `now + leaseMs`, so two collectors never check one batch at once.
   */
  claimDueBatches(options: {
    readonly now: Date;
    readonly limit: number;
    readonly leaseMs: number;
  }): Promise<AIBatchRecord[]>;
  /** The requests of a batch. */
  getRequestsOfBatch(batchId: string): Promise<AIBatchRequestRecord[]>;
  /** A batch still running: next check at `nextPollAt`. */
  deferBatch(
    batchId: string,
    options: {
      readonly nextPollAt: Date;
      readonly providerStatus: string | null;
      readonly now: Date;
    },
  ): Promise<void>;
  /**
   * Records the results of an ended batch: each SUBMITTED request named in `results` gets its
   * status, value, error and usage (CANCELLED ones stay cancelled); the batch becomes ENDED.
   * Returns the stage record ids of the requests updated.
   */
  recordResults(
    batchId: string,
    options: {
      readonly results: readonly AIBatchRequestResult[];
      readonly providerStatus: string | null;
      readonly now: Date;
    },
  ): Promise<string[]>;
  /** The batch was cancelled at the provider: CANCELLED. */
  markBatchCancelled(batchId: string, now: Date): Promise<void>;
  /** Every unfinished request of the run becomes CANCELLED; returns how many. */
  cancelRequestsOfRun(workflowRunId: string, now: Date): Promise<number>;
  /** The requests one attempt of a stage made. */
  getRequestsOfStage(stageRecordId: string, attempt: number): Promise<AIBatchRequestRecord[]>;
  /**
   * Makes due now (`nextPollAt = now`) the SUSPENDED stages among `stageRecordIds` none of whose
   * requests of their current attempt is still unfinished; returns how many.
   */
  wakeReadyStages(stageRecordIds: readonly string[], now: Date): Promise<number>;
  /** The earliest `nextPollAt` of a SUBMITTED batch, or null. For hosts' wake-ups. */
  nextBatchPollAt(): Promise<Date | null>;
}
