/** One user turn as sent in `contents`. */
export interface GoogleContent {
  role: "user";
  parts: Array<{ text: string }>;
}

/** The generation config this provider sets (a subset of the SDK's `GenerateContentConfig`). */
export interface GoogleGenerateConfig {
  systemInstruction?: string;
  maxOutputTokens?: number;
  temperature?: number;
  responseMimeType?: string;
  responseJsonSchema?: unknown;
  abortSignal?: AbortSignal;
}

/** Parameters of `models.generateContent`. */
export interface GoogleGenerateContentParams {
  model: string;
  contents: GoogleContent[];
  config?: GoogleGenerateConfig;
}

/** The parts of a `GenerateContentResponse` this provider reads. */
export interface GoogleGenerateContentResponse {
  /** The response's id. */
  responseId?: string;
  candidates?: Array<{
    content?: { parts?: Array<{ text?: string; thought?: boolean }> };
    finishReason?: string;
  }>;
  usageMetadata?: {
    promptTokenCount?: number;
    candidatesTokenCount?: number;
    thoughtsTokenCount?: number;
  };
}

/** Parameters of `models.embedContent`. */
export interface GoogleEmbedContentParams {
  model: string;
  contents: string[];
  config?: { outputDimensionality?: number; abortSignal?: AbortSignal };
}

/** The parts of an `EmbedContentResponse` this provider reads. */
export interface GoogleEmbedContentResponse {
  embeddings?: Array<{ values?: number[]; statistics?: { tokenCount?: number } }>;
}

/** One inline request of a batch job; `metadata.key` carries the caller's request id. */
export interface GoogleInlinedRequest {
  contents: GoogleContent[];
  metadata: Record<string, string>;
  config?: GoogleGenerateConfig;
}

/** The parts of a `BatchJob` this provider reads. */
export interface GoogleBatchJob {
  name?: string;
  displayName?: string;
  state?: string;
  dest?: {
    inlinedResponses?: Array<{
      response?: GoogleGenerateContentResponse;
      error?: { code?: number; message?: string };
      metadata?: Record<string, string>;
    }>;
    /** Responses of an embeddings batch, in the order of its requests (they carry no key). */
    inlinedEmbedContentResponses?: GoogleInlinedEmbedResponse[];
  };
}

/** One response of an embeddings batch job. */
export interface GoogleInlinedEmbedResponse {
  response?: { embedding?: { values?: number[] }; tokenCount?: string | number };
  error?: { code?: number; message?: string };
  metadata?: Record<string, unknown>;
}

/** Parameters of `batches.createEmbeddings` with inline requests: one text per request. */
export interface GoogleCreateEmbeddingsParams {
  model: string;
  src: { inlinedRequests: { contents: string[] } };
  config: { displayName: string };
}

/**
 * The members of a `GoogleGenAI` client this provider uses; `new GoogleGenAI(...)` from
 * `@google/genai` satisfies it. Described by shape so the SDK stays a peer dependency.
 */
export interface GoogleGenAIClientLike {
  models: {
    generateContent(params: GoogleGenerateContentParams): Promise<GoogleGenerateContentResponse>;
    embedContent(params: GoogleEmbedContentParams): Promise<GoogleEmbedContentResponse>;
  };
  batches: {
    create(params: {
      model: string;
      src: GoogleInlinedRequest[];
      config: { displayName: string };
    }): Promise<GoogleBatchJob>;
    /** Embedding batch jobs (`:asyncBatchEmbedContent`), `@google/genai` ≥ 1.30. */
    createEmbeddings(params: GoogleCreateEmbeddingsParams): Promise<GoogleBatchJob>;
    get(params: { name: string }): Promise<GoogleBatchJob>;
    cancel(params: { name: string }): Promise<unknown>;
  };
}
