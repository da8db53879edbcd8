import type { z } from "zod";
import type { ProviderBatchStatus, ProviderName } from "../provider";

/** One request of a batch. */
export interface AIBatchRequest {
  /** Your id for the request, unique within the batch; results carry it back. */
  id: string;
  prompt: string;
  /** With a schema the request is a structured-output request and its result is validated. */
  schema?: z.ZodType;
  system?: string;
  maxTokens?: number;
  temperature?: number;
  /** Defaults to `object` with a schema, `embedding` for an embedding model, else `text`. */
  kind?: "text" | "object" | "embedding";
}

/**
 * What `getResults` needs to interpret results after a process restart. JSON-serializable:
 * store it in the suspended state (`state.metadata`) and pass it back. Merge your own keys beside
 * `aiBatch`; do not edit it.
 */
export interface AIBatchMetadata {
  [key: string]: unknown;
  aiBatch: AIBatchInfo;
}

/** The helper's own part of {@link AIBatchMetadata}. */
export interface AIBatchInfo {
  /** Format version. */
  v: 1;
  batchId: string;
  provider: ProviderName;
  model: string;
  requestCount: number;
  /** JSON Schemas of object requests, deduplicated, by key (`s0`, `s1`, ...). */
  schemas: Record<string, Record<string, unknown>>;
  /** Set when every request used the same schema: its key. */
  schemaForAll?: string;
  /** Schema key per request id, when requests differ. */
  schemaByRequest?: Record<string, string>;
  /** Request ids in submission order, for vendors that return results by position only. */
  requestIds?: string[];
}

/** A submitted batch. */
export interface AIBatchHandle {
  /** The provider's batch id: pass it to `getStatus`, `getResults`, `cancel`. */
  id: string;
  provider: ProviderName;
  model: string;
  /** Keep it (e.g. in `state.metadata`) and pass it to `getResults`. */
  metadata: AIBatchMetadata;
}

/** Status of a batch: `pending`, `processing`, `completed` or `failed`, with request counts. */
export type AIBatchStatus = ProviderBatchStatus;

/** Options of `getResults`. */
export interface AIBatchResultsOptions {
  /**
   * Zod schemas to validate object results with, instead of the JSON Schemas kept in the
   * metadata: one schema for every object request, or one per request id. Use it to get
   * transforms and refinements back after a restart.
   */
  schemas?: z.ZodType | Readonly<Record<string, z.ZodType>>;
}

/** Outcome of one request, at the batch price. */
export interface AIBatchResult<TResult = unknown> {
  id: string;
  status: "succeeded" | "failed";
  /** Text, a validated object (schema requests), or a vector (embeddings); undefined on failure. */
  result: TResult | undefined;
  /** Why the request failed. */
  error: string | undefined;
  /** The raw text of an object request whose output was invalid. */
  rawText?: string;
  inputTokens: number;
  outputTokens: number;
  /** USD at the batch price. */
  cost: number;
}

/**
 * A provider's batch API for one model, with pricing and logging. Results arrive unordered:
 * match them by `id`.
 */
export interface AIBatch<TResult = unknown> {
  /** Submits the requests; keep the returned `id` and `metadata`. */
  submit(requests: readonly AIBatchRequest[]): Promise<AIBatchHandle>;
  /** The batch's neutral status and counts. */
  getStatus(batchId: string): Promise<AIBatchStatus>;
  /**
   * Results of a completed batch. Every call logs one record per request and adds the batch's
   * usage to the bound stage once, so call it once, when `getStatus` reports `completed`.
   * Without `metadata`, object requests come back as text.
   */
  getResults(
    batchId: string,
    metadata?: Record<string, unknown>,
    options?: AIBatchResultsOptions,
  ): Promise<AIBatchResult<TResult>[]>;
  /** Asks the provider to cancel the batch. */
  cancel(batchId: string): Promise<void>;
}
