/** Where one batched request stands, as the engine hands it to the stage that made it. */
export type BatchedRequestStatus = "pending" | "succeeded" | "failed" | "cancelled";

/** One batched request of a stage, with its result once its provider batch ended. */
export interface BatchedRequestOutcome {
  readonly status: BatchedRequestStatus;
  /** Text, object (JSON) or vector of a succeeded request. */
  readonly value?: unknown;
  /** Why a failed request failed. */
  readonly error?: string;
  readonly provider: string;
  readonly model: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** USD at the batch price. */
  readonly cost: number;
  /** The provider's batch id, once submitted. */
  readonly providerBatchId?: string;
}

/** The result of one request handed to `complete` of a batched stage. */
export interface BatchedResult<T> {
  /** Text, the schema's output, or the vector. */
  readonly value: T;
  readonly provider: string;
  readonly model: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** USD at the batch price. */
  readonly cost: number;
}
