/**
 * The rate-limiter port: limits of requests and tokens per provider / model shared by every
 * worker. `@stageflow/persistence-kysely` implements it on the database
 * (`createKyselyAIRateLimiter`); the helper asks it before every text, object and embedding call.
 */

/** One limit: requests and/or tokens per minute for a provider, or for one of its models. */
export interface AIRateLimitRule {
  /** Provider name, e.g. `openai`. */
  readonly provider: string;
  /** The model the rule limits; omitted: every model of the provider shares the rule. */
  readonly model?: string;
  /** Requests per minute. Omitted: unlimited. */
  readonly requestsPerMinute?: number;
  /** Tokens (input estimate + `maxTokens`, settled to the actual count) per minute. Omitted: unlimited. */
  readonly tokensPerMinute?: number;
  /**
   * Length of the accounting window in ms (default 60 000); the per-minute limits are scaled to
   * it (e.g. 300 rpm with `windowMs: 1000` allows 5 requests per second-long window).
   */
  readonly windowMs?: number;
}

/** What one call asks the limiter for. */
export interface AIRateLimitRequest {
  readonly provider: string;
  readonly model: string;
  /** Estimated tokens of the call (input estimate + maximum output). */
  readonly tokens: number;
  readonly now: Date;
}

/** A granted reservation, handed back to {@link AIRateLimiter.settle} when the call ends. */
export interface AIRateLimitTicket {
  /** The limit key the reservation was counted under. */
  readonly key: string;
  /** The reservation's own id. */
  readonly id: string;
  /** Tokens reserved. */
  readonly tokens: number;
}

/** The limiter's answer: go ahead (with a ticket when a rule applies), or wait. */
export type AIRateLimitDecision =
  | { readonly granted: true; readonly ticket: AIRateLimitTicket | null }
  | {
      readonly granted: false;
      /** How long until the limit may have capacity again. */
      readonly retryAfterMs: number;
      /** Which limit is exhausted, for messages. */
      readonly reason: string;
    };

/** Shared limits of AI calls. */
export interface AIRateLimiter {
  /** Atomically counts one request and its tokens when the limit has room; never waits. */
  reserve(request: AIRateLimitRequest): Promise<AIRateLimitDecision>;
  /**
   * Ends a reservation when its call ended (succeeded or failed), with the call's actual tokens
   * (the estimate when unknown). Until then the call counts against every window it spans.
   */
  settle(ticket: AIRateLimitTicket, actualTokens: number, now: Date): Promise<void>;
  /**
   * Blocks the limit of `provider` / `model` until `until` for every worker (a vendor's 429 with
   * `Retry-After`).
   */
  block(provider: string, model: string, until: Date): Promise<void>;
}
