/** Per-call options forwarded to the SDK. */
export interface AnthropicRequestOptions {
  signal?: AbortSignal | undefined;
}

/** A forced tool carrying the JSON Schema of a structured-output request. */
export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: { type: "object"; [key: string]: unknown };
}

/** The Messages API body this provider sends (a subset of the SDK's params). */
export interface AnthropicMessageBody {
  model: string;
  max_tokens: number;
  messages: Array<{ role: "user"; content: string }>;
  system?: string;
  temperature?: number;
  tools?: AnthropicTool[];
  tool_choice?: { type: "tool"; name: string };
}

/** One content block of a message, as far as this provider reads it. */
export interface AnthropicContentBlock {
  type: string;
  text?: string;
  name?: string;
  input?: unknown;
}

/** The parts of a message this provider reads. */
export interface AnthropicMessage {
  /** The message's id (`msg_…`). */
  id?: string;
  content: AnthropicContentBlock[];
  stop_reason: string | null;
  usage: {
    input_tokens: number;
    output_tokens: number;
    cache_creation_input_tokens?: number | null;
    cache_read_input_tokens?: number | null;
  };
}

/** The parts of a message batch this provider reads. */
export interface AnthropicMessageBatch {
  id: string;
  processing_status: string;
  request_counts: {
    processing: number;
    succeeded: number;
    errored: number;
    canceled: number;
    expired: number;
  };
  results_url: string | null;
}

/** One line of a batch's results file. */
export interface AnthropicBatchResultLine {
  custom_id: string;
  result:
    | { type: "succeeded"; message: AnthropicMessage }
    | { type: "errored"; error: { error?: { type?: string; message?: string } } }
    | { type: "canceled" }
    | { type: "expired" };
}

/**
 * The members of an `Anthropic` client this provider uses; `new Anthropic(...)` from
 * `@anthropic-ai/sdk` satisfies it. Described by shape so the SDK stays a peer dependency.
 */
export interface AnthropicClientLike {
  messages: {
    create(
      body: AnthropicMessageBody,
      options?: AnthropicRequestOptions,
    ): PromiseLike<AnthropicMessage>;
    batches: {
      create(body: {
        requests: Array<{ custom_id: string; params: AnthropicMessageBody }>;
      }): PromiseLike<AnthropicMessageBatch>;
      retrieve(batchId: string): PromiseLike<AnthropicMessageBatch>;
      cancel(batchId: string): PromiseLike<AnthropicMessageBatch>;
      results(batchId: string): PromiseLike<AsyncIterable<AnthropicBatchResultLine>>;
    };
  };
}
