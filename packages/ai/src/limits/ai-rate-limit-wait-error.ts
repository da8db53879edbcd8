import type { StageDeferral } from "@stageflow/core";
import { AIError } from "../errors/ai-error";

/**
 * A shared rate limit (see `AIRateLimiter`) has no capacity for this call now; no request was
 * made. It is a stage deferral (`deferred: true`, `retryAfterMs`): inside a stage, the kernel
 * releases the worker and runs the same attempt again after `retryAfterMs`, without counting a
 * failed attempt. Outside a stage, wait `retryAfterMs` and call again. Code `AI_RATE_LIMIT_WAIT`.
 */
export class AIRateLimitWaitError extends AIError implements StageDeferral {
  override readonly name: string = "AIRateLimitWaitError";
  /** Brand field read by the kernel (`isStageDeferral` of `@stageflow/core`). */
  readonly deferred = true as const;
  /** How long until the limit may have capacity. */
  readonly retryAfterMs: number;
  /** The provider and model whose limit is exhausted. */
  readonly provider: string;
  readonly model: string;

  /**
   * @param provider - the call's provider.
   * @param model - the call's model.
   * @param retryAfterMs - how long to wait.
   * @param reason - which limit is exhausted.
   */
  constructor(provider: string, model: string, retryAfterMs: number, reason: string) {
    super(
      `Rate limit of ${provider}/${model} has no capacity (${reason}); retry in ${Math.ceil(retryAfterMs)} ms`,
      { code: "AI_RATE_LIMIT_WAIT", retryable: true, details: { provider, model, retryAfterMs } },
    );
    this.retryAfterMs = Math.max(0, Math.ceil(retryAfterMs));
    this.provider = provider;
    this.model = model;
  }
}
