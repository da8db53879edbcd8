/**
 * The AI call logger port: where `@stageflow/ai` reports every call it makes, for cost dashboards
 * and audits. `@stageflow/persistence-kysely` stores records in the database
 * (`createKyselyAICallLogger`), `@stageflow/testing` keeps them in memory, and
 * `createInMemoryAICallLogger` here does the same for examples.
 *
 * A record never contains an API key, a request header, a prompt or a response: only ids,
 * token counts, cost, timing and, on failure, a redacted error message.
 */

import type { AIBatchInfo } from "./helper/ai-batch";

/** What kind of call a record describes. */
export type AICallKind = "text" | "object" | "embedding" | "batch";

/** One AI call (or one request of a batch, recorded when its results are fetched). */
export interface AICallRecord {
  /** The helper's topic, e.g. `batch.run_123` or `summarize`; `getStats` groups by its prefix. */
  topic: string;
  /** Provider name, e.g. `anthropic`. */
  provider: string;
  /** Model id. */
  model: string;
  /** `text`, `object`, `embedding`, or `batch` for a request of a batch. */
  kind: AICallKind;
  inputTokens: number;
  outputTokens: number;
  /** USD, at the batch price when `batch` is true; 0 when `costUnknown`. */
  cost: number;
  /**
   * True when the model is not in the price table: the call was made and billed by the vendor,
   * but its cost is not known here (`cost` is 0).
   */
  costUnknown?: boolean;
  /** Whether the call went through a batch API (half price). */
  batch: boolean;
  status: "succeeded" | "failed";
  /** Error message of a failed call (secrets redacted). */
  error?: string;
  /** Wall time of the call; for batch requests, the time to fetch the results. */
  durationMs: number;
  /** Run the call was made for, when the helper is bound to a stage. */
  workflowRunId?: string;
  /** Stage the call was made for, when the helper is bound to a stage. */
  stageId?: string;
  createdAt: Date;
  /** Provider batch id, for batch requests. */
  batchId?: string;
  /** The caller's request id within the batch. */
  requestId?: string;
  /**
   * True when the call was answered from the memo store (`memo` guard): no vendor request was
   * made, `cost` and tokens are 0.
   */
  cached?: boolean;
}

/** Calls, tokens and cost aggregated over some records. */
export interface AIStats {
  /** Number of records (batch requests count one each). */
  calls: number;
  /** Records with status `failed`. */
  failedCalls: number;
  inputTokens: number;
  outputTokens: number;
  /** `inputTokens + outputTokens`. */
  totalTokens: number;
  /** USD. */
  cost: number;
}

/**
 * Receives a record of every AI call. Implementations must not throw for ordinary records; when
 * they do, the helper reports the failure through its `onLogError` option and still returns the
 * call's result (the vendor already billed it).
 */
export interface AICallLogger {
  /** Stores one record. May be asynchronous; the helper awaits it. */
  logCall(record: AICallRecord): Promise<void> | void;
  /**
   * Aggregates every record whose `topic` starts with `topicPrefix`. Optional: without it,
   * `AIHelper.getStats()` aggregates what the helper itself recorded.
   */
  getStats?(topicPrefix: string): Promise<AIStats> | AIStats;
  /**
   * Keeps what `batch.getResults` needs to interpret a batch the helper submitted (schemas of
   * object requests, request order), so results parse after a restart without the caller passing
   * the submit handle's metadata back. Optional; without it the helper remembers batches only
   * in this process.
   */
  saveBatchInfo?(info: AIBatchInfo): Promise<void> | void;
  /** What {@link AICallLogger.saveBatchInfo} kept for a batch, or `undefined`. */
  loadBatchInfo?(
    provider: string,
    batchId: string,
  ): Promise<AIBatchInfo | undefined> | AIBatchInfo | undefined;
}
