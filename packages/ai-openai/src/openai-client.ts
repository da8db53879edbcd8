/** Per-call options forwarded to the SDK (only the abort signal is used). */
export interface OpenAIRequestOptions {
  signal?: AbortSignal;
}

/** One chat message as sent to `chat.completions.create`. */
export interface OpenAIChatMessage {
  role: "system" | "user";
  content: string;
}

/** The chat-completions body this provider sends (a subset of the SDK's params). */
export interface OpenAIChatBody {
  model: string;
  messages: OpenAIChatMessage[];
  max_completion_tokens?: number;
  temperature?: number;
  response_format?: {
    type: "json_schema";
    json_schema: { name: string; strict: boolean; schema: Record<string, unknown> };
  };
}

/** The parts of a chat completion this provider reads. */
export interface OpenAIChatCompletion {
  /** The completion's id (`chatcmpl-…`). */
  id?: string;
  choices: Array<{
    message: { content: string | null; refusal?: string | null };
    finish_reason: string | null;
  }>;
  usage?: { prompt_tokens: number; completion_tokens: number } | undefined;
}

/** The embeddings body this provider sends. */
export interface OpenAIEmbeddingBody {
  model: string;
  input: string | string[];
  dimensions?: number;
}

/** The parts of an embeddings response this provider reads. */
export interface OpenAIEmbeddingResponse {
  data: Array<{ index: number; embedding: ArrayLike<number> }>;
  usage: { prompt_tokens: number };
}

/** The parts of a Batch API object this provider reads. */
export interface OpenAIBatch {
  id: string;
  status: string;
  output_file_id?: string | null;
  error_file_id?: string | null;
  request_counts?: { total: number; completed: number; failed: number } | undefined;
  errors?: { data?: Array<{ message?: string | null }> } | undefined;
}

/**
 * The members of an `OpenAI` client this provider uses; `new OpenAI(...)` from the `openai`
 * package satisfies it. Described by shape so the SDK stays a peer dependency.
 */
export interface OpenAIClientLike {
  chat: {
    completions: {
      create(
        body: OpenAIChatBody,
        options?: OpenAIRequestOptions,
      ): PromiseLike<OpenAIChatCompletion>;
    };
  };
  embeddings: {
    create(
      body: OpenAIEmbeddingBody,
      options?: OpenAIRequestOptions,
    ): PromiseLike<OpenAIEmbeddingResponse>;
  };
  files: {
    create(body: { file: File; purpose: "batch" }): PromiseLike<{ id: string }>;
    content(fileId: string): PromiseLike<{ text(): Promise<string> }>;
  };
  batches: {
    create(body: {
      input_file_id: string;
      endpoint: "/v1/chat/completions" | "/v1/embeddings";
      completion_window: "24h";
    }): PromiseLike<OpenAIBatch>;
    retrieve(batchId: string): PromiseLike<OpenAIBatch>;
    cancel(batchId: string): PromiseLike<OpenAIBatch>;
  };
}
