import { isStageflowError, StageflowError, type StageflowErrorOptions } from "@stageflow/core";

/** Every `code` an error of `@stageflow/ai` can carry. */
export type AIErrorCode =
  | "AI_PROVIDER_ERROR"
  | "AI_RATE_LIMITED"
  | "AI_AUTHENTICATION_FAILED"
  | "AI_INVALID_REQUEST"
  | "AI_SERVER_ERROR"
  | "AI_STRUCTURED_OUTPUT_INVALID"
  | "AI_UNKNOWN_MODEL"
  | "AI_PROVIDER_NOT_CONFIGURED"
  | "AI_UNSUPPORTED_CAPABILITY"
  | "AI_BATCH_NOT_FOUND"
  | "AI_BATCH_NOT_READY"
  | "AI_BATCH_METADATA_INVALID"
  | "AI_MISSING_API_KEY"
  | "AI_RATE_LIMIT_WAIT"
  | "AI_BUDGET_EXCEEDED";

/** Options every AI error accepts: `code`, `cause`, `retryable` and `details`, as in core. */
export type AIErrorOptions = StageflowErrorOptions<AIErrorCode>;

/**
 * Base class of every error thrown by `@stageflow/ai` and its providers: a `StageflowError`
 * (so `isStageflowError` from `@stageflow/core` recognizes it) whose `code` starts with `AI_`.
 * Identify errors by `code` or {@link isAIError}, not by `instanceof`.
 *
 * @example
 * ```ts
 * try { await ai.generateText("gpt-4o", prompt); }
 * catch (e) { if (isAIError(e) && e.retryable) scheduleRetry(); else throw e; }
 * ```
 */
export class AIError extends StageflowError<AIErrorCode> {
  override readonly name: string = "AIError";

  /**
   * @param message - human-readable explanation (never include API keys)
   * @param options - code, cause, retryable flag and details
   */
  constructor(message: string, options: AIErrorOptions) {
    super(message, options);
  }
}

/**
 * Whether `value` is an error of `@stageflow/ai` from any copy of the package: a branded
 * Stageflow error whose code starts with `AI_`.
 */
export function isAIError(value: unknown): value is AIError {
  return isStageflowError(value) && value.code.startsWith("AI_");
}
