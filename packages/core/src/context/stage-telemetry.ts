/**
 * The telemetry a stage hands to the clients it calls (the AI helper reads `ctx.telemetry`), so
 * their calls show up as child spans of the stage in traces and in metrics by workflow and stage.
 * Set by the kernel only when it was created with a `telemetry` option (see `@stageflow/otel`);
 * `undefined` otherwise, and then clients do nothing extra.
 */
export interface StageTelemetry {
  /**
   * True when prompts and completions are recorded: clients pass `content` only then (with
   * anything that looks like a credential redacted).
   */
  readonly capturesContent: boolean;
  /** Starts observing one AI call; the returned handle must be ended exactly once. */
  startAICall(call: AICallStart): AICallObservation;
}

/** What an AI call is, as known when it starts. */
export interface AICallStart {
  /** GenAI operation name: `chat` (text and structured output) or `embeddings`. */
  readonly operation: "chat" | "embeddings";
  /** Provider name, e.g. `openai`. */
  readonly provider: string;
  /** Requested model id. */
  readonly model: string;
  /** Requested upper bound of output tokens. */
  readonly maxTokens?: number | undefined;
  /** Requested sampling temperature. */
  readonly temperature?: number | undefined;
  /** Prompt (or texts to embed) and system instructions; only when `capturesContent`. */
  readonly content?: {
    readonly system?: string | undefined;
    readonly input: string | readonly string[];
  };
}

/** How an AI call ended. */
export interface AICallEnd {
  /** Prompt tokens billed. */
  readonly inputTokens: number;
  /** Completion tokens billed. */
  readonly outputTokens: number;
  /** Cost in US dollars. */
  readonly costUsd: number;
  /** The provider's id of the response, when it reports one. */
  readonly responseId?: string | undefined;
  /** The provider's finish (stop) reasons. */
  readonly finishReasons?: readonly string[] | undefined;
  /** The completion text; only when `capturesContent`. */
  readonly output?: string | undefined;
  /** The error of a failed call. */
  readonly error?: unknown;
}

/** One AI call being observed. */
export interface AICallObservation {
  /** Ends the observation (records tokens, cost, the error of a failed call). */
  end(result: AICallEnd): void;
}
