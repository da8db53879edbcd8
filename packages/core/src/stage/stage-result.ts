import type { BatchedRequestSpec } from "../batching/batched-request";

/** What a stage body returns when it completes. */
export interface StageResult<TOutput> {
  /** The stage output; validated against the output schema by the runtime. */
  readonly output: TOutput;
  /** Numbers to record with the stage (item counts, scores, ...). */
  readonly customMetrics?: Record<string, number>;
}

/**
 * State an async-batch stage persists while suspended. Must be JSON-serialisable and must
 * never hold secrets such as API keys. Extra fields are allowed.
 */
export type SuspendedState = {
  /** The provider's batch id. */
  readonly batchId: string;
  /** ISO-8601 time of submission. */
  readonly submittedAt: string;
  /** Milliseconds between completion checks. */
  readonly pollInterval: number;
  /** Milliseconds after `submittedAt` at which the stage fails as timed out. */
  readonly maxWaitTime: number;
  /** Free-form data for `checkCompletion` (request ids, provider, ...). */
  readonly metadata?: Record<string, unknown>;
} & Record<string, unknown>;

/**
 * When and how long the runtime polls a suspended stage. Every field may be left out of a
 * {@link SuspendedResult}: `pollInterval` and `maxWaitTime` default to the state's, and
 * `nextPollAt` to one `pollInterval` from now (the kernel's clock).
 */
export interface PollConfig {
  /** Milliseconds between completion checks. */
  readonly pollInterval: number;
  /** Milliseconds after which the stage fails as timed out. */
  readonly maxWaitTime: number;
  /** Time of the first completion check. */
  readonly nextPollAt: Date;
}

/** What an async-batch stage body returns to suspend until `checkCompletion` reports ready. */
export interface SuspendedResult {
  /** Marker distinguishing this from a {@link StageResult}. */
  readonly suspended: true;
  /** State persisted and handed to `checkCompletion` and, on resume, to `ctx.resumeState`. */
  readonly state: SuspendedState;
  /**
   * Polling schedule; optional. Left out (or partly given), it comes from `state.pollInterval`
   * and `state.maxWaitTime`, first check one interval from now: state the numbers once.
   */
  readonly pollConfig?: Partial<PollConfig>;
  /** Numbers to record with the stage. */
  readonly customMetrics?: Record<string, number>;
  /**
   * AI requests to batch across runs, by key (see `defineBatchedStage`): the kernel stores them
   * in the suspension's commit and wakes the stage when all have a result.
   */
  readonly batchedRequests?: Readonly<Record<string, BatchedRequestSpec>>;
}

/** Result of `checkCompletion`: ready with the output, or not yet (or failed, with `error`). */
export type CompletionCheckResult<TOutput> =
  | {
      /** The batch finished. */
      readonly ready: true;
      /** The stage output. */
      readonly output: TOutput;
      /** Numbers to record with the stage. */
      readonly metrics?: Record<string, number>;
      /**
       * Optional embedding data of the batch (JSON). Kept in the stage's storage under the key
       * `"embeddings"` (`ctx.storage.load("embeddings")`), beside the output.
       */
      readonly embeddings?: unknown;
    }
  | {
      /** The batch has not finished. */
      readonly ready: false;
      /** Milliseconds until the next check; defaults to the state's `pollInterval`. */
      readonly nextCheckIn?: number;
      /** When set, the batch failed: the stage fails with this message. */
      readonly error?: string;
    };

/** True when a stage body's result is a {@link SuspendedResult}. */
export function isSuspendedResult(result: unknown): result is SuspendedResult {
  return (
    typeof result === "object" &&
    result !== null &&
    (result as { suspended?: unknown }).suspended === true &&
    typeof (result as { state?: unknown }).state === "object" &&
    (result as { state?: unknown }).state !== null
  );
}
