import { z } from "zod";

/** What a batched request asks for: text, an object matching a schema, or an embedding vector. */
export type BatchedRequestKind = "text" | "object" | "embedding";

/**
 * A batched AI request as the engine stores it (JSON, no secrets): the model, the prompt, and for
 * object requests the JSON Schema of the answer. Build one with {@link batched}.
 */
export interface BatchedRequestSpec {
  readonly kind: BatchedRequestKind;
  /** Model id (`gpt-4o-mini`, `claude-haiku-5-5`, `offline-embed`, …). */
  readonly model: string;
  /** Provider name, when the model registry should not decide. */
  readonly provider?: string;
  /** The prompt (the text to embed for embedding requests). */
  readonly prompt: string;
  readonly system?: string;
  readonly maxTokens?: number;
  readonly temperature?: number;
  /** JSON Schema of an object request's answer (made from the zod schema by {@link batched}). */
  readonly jsonSchema?: Record<string, unknown>;
}

declare const resultType: unique symbol;

/**
 * A {@link BatchedRequestSpec} that remembers, in its type only, what its result is: `string`
 * for text, the schema's output for objects, `number[]` for embeddings.
 */
export interface BatchedRequest<TResult> extends BatchedRequestSpec {
  /** Type-level only: never present at run time. */
  readonly [resultType]?: TResult;
}

/** The result type of a {@link BatchedRequest}. */
export type BatchedResultOf<R> = R extends BatchedRequest<infer T> ? T : never;

/** Options of text and object requests. */
export interface BatchedRequestOptions {
  readonly system?: string;
  readonly maxTokens?: number;
  readonly temperature?: number;
  /** Provider name, when the model registry should not decide. */
  readonly provider?: string;
}

function withOptions(
  base: BatchedRequestSpec,
  options: BatchedRequestOptions | undefined,
): BatchedRequestSpec {
  return {
    ...base,
    ...(options?.provider === undefined ? {} : { provider: options.provider }),
    ...(options?.system === undefined ? {} : { system: options.system }),
    ...(options?.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
    ...(options?.temperature === undefined ? {} : { temperature: options.temperature }),
  };
}

/**
 * Builders of the requests a batched stage hands to the engine (see `defineBatchedStage`).
 *
 * @example
 * ```ts
 * const requests = {
 *   summary: batched.text("gpt-4o-mini", "Summarize: …", { maxTokens: 200 }),
 *   facts: batched.object("gpt-4o-mini", "Extract: …", z.object({ title: z.string() })),
 *   vector: batched.embedding("text-embedding-3-small", "durable workflows"),
 * };
 * ```
 */
export const batched = {
  /** A text request; its result is the answer's text. */
  text(model: string, prompt: string, options?: BatchedRequestOptions): BatchedRequest<string> {
    return withOptions({ kind: "text", model, prompt }, options);
  },
  /**
   * A structured-output request; its result is the schema's output type. The schema travels as
   * JSON Schema (`z.toJSONSchema`), and the answer is validated against that JSON Schema when the
   * provider batch ends (refinements and transforms of the zod schema are not applied).
   */
  object<TSchema extends z.ZodType>(
    model: string,
    prompt: string,
    schema: TSchema,
    options?: BatchedRequestOptions,
  ): BatchedRequest<z.output<TSchema>> {
    const jsonSchema = z.toJSONSchema(schema, { unrepresentable: "any" }) as Record<
      string,
      unknown
    >;
    return withOptions({ kind: "object", model, prompt, jsonSchema }, options);
  },
  /** An embedding request; its result is the vector. */
  embedding(
    model: string,
    text: string,
    options?: Pick<BatchedRequestOptions, "provider">,
  ): BatchedRequest<number[]> {
    return withOptions({ kind: "embedding", model, prompt: text }, options);
  },
} as const;
