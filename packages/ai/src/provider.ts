/**
 * The provider port: what `@stageflow/ai` needs from one AI vendor. Each official-SDK package
 * (`@stageflow/ai-anthropic`, `@stageflow/ai-openai`, `@stageflow/ai-google`) and the offline
 * provider implement it. The helper adds pricing, logging, validation and stage attribution on top,
 * so a provider only translates requests and responses and maps errors.
 */

/** The name a provider registers under; models in the registry point at one of these. */
export type ProviderName = "anthropic" | "openai" | "google" | "offline" | (string & {});

/** Options shared by single-call requests. */
export interface ProviderCallOptions {
  /** Upper bound of output tokens. */
  maxTokens?: number;
  /** Sampling temperature, where the model accepts one. */
  temperature?: number;
  /** System instructions placed before the prompt. */
  system?: string;
  /** Aborts the HTTP request (wired to `ctx.signal` inside a stage). */
  signal?: AbortSignal;
}

/** A text-generation request as a provider receives it. */
export interface ProviderTextRequest extends ProviderCallOptions {
  model: string;
  prompt: string;
}

/** A structured-output request: the helper converts the zod schema to JSON Schema beforehand. */
export interface ProviderObjectRequest extends ProviderTextRequest {
  /** JSON Schema (draft 2020-12 as produced by `z.toJSONSchema`). */
  jsonSchema: Record<string, unknown>;
  /** A short identifier for the schema (some APIs require a name). */
  schemaName: string;
}

/**
 * The fields of a text, object or batch request that shape a vendor's request body, for the
 * body builders of provider packages.
 */
export interface ProviderPromptInput {
  model: string;
  prompt: string;
  system?: string | undefined;
  maxTokens?: number | undefined;
  temperature?: number | undefined;
  /** JSON Schema of a structured-output request. */
  jsonSchema?: Record<string, unknown> | undefined;
  /** Name of that schema, as given (see `schemaIdentifier`). */
  schemaName?: string | undefined;
}

/** Token usage of one call as reported by the provider. */
export interface ProviderUsage {
  inputTokens: number;
  outputTokens: number;
}

/** The provider's answer to a text or object request: the raw text (JSON text for objects). */
export interface ProviderTextResponse extends ProviderUsage {
  text: string;
  /** The provider's own stop reason, for diagnostics. */
  finishReason?: string;
  /** The provider's id of the response (e.g. `chatcmpl-…`, `msg_…`), for tracing. */
  responseId?: string;
}

/** An embedding request for one or more texts. */
export interface ProviderEmbedRequest {
  model: string;
  texts: string[];
  /** Requested vector size, where the model supports it. */
  dimensions?: number;
  signal?: AbortSignal;
}

/** Embedding vectors in the order of the request's texts. */
export interface ProviderEmbedResponse {
  vectors: number[][];
  inputTokens: number;
}

/** One request of a batch. `id` is the caller's own id, echoed back in the results. */
export interface ProviderBatchRequest {
  id: string;
  /** `text` (default), `object` (with `jsonSchema`), or `embedding` (where the provider batches embeddings). */
  kind?: "text" | "object" | "embedding";
  prompt: string;
  system?: string;
  maxTokens?: number;
  temperature?: number;
  jsonSchema?: Record<string, unknown>;
  schemaName?: string;
}

/** Provider-neutral batch status (see the mapping table in the docs). */
export type BatchStatus = "pending" | "processing" | "completed" | "failed";

/** Status of a submitted batch with its request counts. */
export interface ProviderBatchStatus {
  status: BatchStatus;
  counts: { total: number; succeeded: number; failed: number; processing: number };
  /** The provider's own status string, for diagnostics. */
  providerStatus?: string;
}

/** One request's outcome. Results arrive unordered; match them by `id`. */
export interface ProviderBatchResult extends ProviderUsage {
  id: string;
  status: "succeeded" | "failed";
  /** Text (or JSON text) for text/object requests. */
  text?: string;
  /** Vector for embedding requests. */
  vector?: number[];
  error?: string;
}

/** What `ProviderBatchApi.submit` returns. */
export interface ProviderBatchSubmission {
  /** The vendor's batch id. */
  id: string;
  /**
   * True when the vendor returns results by position only (Google embedding batches): result ids
   * are then `#0`, `#1`, … (see {@link positionalResultId}) and the helper maps them back to the
   * request ids it keeps for the batch.
   */
  positionalResults?: boolean;
}

/** The id of the result at `index` of a batch whose vendor returns results by position. */
export function positionalResultId(index: number): string {
  return `#${index}`;
}

/** The batch API of a provider (half price on all three vendors). */
export interface ProviderBatchApi {
  submit(model: string, requests: ProviderBatchRequest[]): Promise<ProviderBatchSubmission>;
  getStatus(batchId: string): Promise<ProviderBatchStatus>;
  getResults(batchId: string): Promise<ProviderBatchResult[]>;
  cancel(batchId: string): Promise<void>;
}

/** An AI vendor behind one interface. Optional members are capabilities a vendor may lack. */
export interface AIProvider {
  readonly name: ProviderName;
  generateText(request: ProviderTextRequest): Promise<ProviderTextResponse>;
  generateObject(request: ProviderObjectRequest): Promise<ProviderTextResponse>;
  /** Absent where the vendor has no embeddings API (Anthropic). */
  embed?(request: ProviderEmbedRequest): Promise<ProviderEmbedResponse>;
  /** Absent where the vendor has no batch API. */
  readonly batch?: ProviderBatchApi;
}
