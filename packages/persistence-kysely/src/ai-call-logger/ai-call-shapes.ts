/**
 * One AI call, as `@stageflow/ai` reports it to its `AICallLogger` (described here by shape, so
 * this package does not depend on `@stageflow/ai`). Never holds keys, headers, prompts or responses.
 */
export interface AICallRecordShape {
  topic: string;
  provider: string;
  model: string;
  kind: string;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  batch: boolean;
  status: "succeeded" | "failed";
  error?: string;
  durationMs: number;
  workflowRunId?: string;
  stageId?: string;
  createdAt: Date;
  batchId?: string;
  requestId?: string;
  /** True for a memoized call answered from the memo store (cost 0, no vendor request). */
  cached?: boolean;
}

/** Calls, tokens and cost aggregated over records (the shape of `AIStats` in `@stageflow/ai`). */
export interface AIStatsShape {
  calls: number;
  failedCalls: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** USD. */
  cost: number;
}

/**
 * What `@stageflow/ai` keeps about a batch it submitted (the shape of its `AIBatchInfo`): stored
 * as JSON, read back as written.
 */
export interface AIBatchInfoShape {
  v: 1;
  batchId: string;
  provider: string;
  model: string;
  requestCount: number;
  schemas: Record<string, Record<string, unknown>>;
  schemaForAll?: string;
  schemaByRequest?: Record<string, string>;
  requestIds?: string[];
}

/** An `AICallLogger` (from `@stageflow/ai`) that stores records in `stageflow_ai_calls`. */
export interface KyselyAICallLogger {
  /** Inserts one record. */
  logCall(record: AICallRecordShape): Promise<void>;
  /** Aggregates every record whose `topic` starts with `topicPrefix` (`""` for all). */
  getStats(topicPrefix: string): Promise<AIStatsShape>;
  /** Keeps a batch's info (in `stageflow_blobs`, key `ai/batches/<provider>/<batchId>`). */
  saveBatchInfo(info: AIBatchInfoShape): Promise<void>;
  /** The info kept for a batch, or `undefined`. */
  loadBatchInfo(provider: string, batchId: string): Promise<AIBatchInfoShape | undefined>;
}
