/** How a failing stage is retried. Every field is optional; see {@link DEFAULT_RETRY_POLICY}. */
export interface RetryPolicy {
  /** Total attempts including the first; at least 1 (1 means never retry). */
  readonly maxAttempts?: number;
  /** Exponential backoff between attempts. */
  readonly backoff?: {
    /** Delay before the second attempt, in milliseconds. */
    readonly initialDelayMs?: number;
    /** Factor applied to the delay after each further failure (>= 1). */
    readonly multiplier?: number;
    /** Upper bound of any delay, in milliseconds. */
    readonly maxDelayMs?: number;
  };
}

/** A {@link RetryPolicy} with every field filled in. */
export interface ResolvedRetryPolicy {
  /** Total attempts including the first. */
  readonly maxAttempts: number;
  /** Exponential backoff between attempts. */
  readonly backoff: {
    /** Delay before the second attempt, in milliseconds. */
    readonly initialDelayMs: number;
    /** Factor applied to the delay after each further failure. */
    readonly multiplier: number;
    /** Upper bound of any delay, in milliseconds. */
    readonly maxDelayMs: number;
  };
}

/** Policy used for whatever a stage leaves unset: 3 attempts, 1 s, ×2, at most 60 s. */
export const DEFAULT_RETRY_POLICY: ResolvedRetryPolicy = Object.freeze({
  maxAttempts: 3,
  backoff: Object.freeze({ initialDelayMs: 1000, multiplier: 2, maxDelayMs: 60_000 }),
});

/**
 * Fills the unset fields of a stage's retry policy from {@link DEFAULT_RETRY_POLICY}.
 *
 * @example
 * ```ts
 * resolveRetryPolicy({ retry: { maxAttempts: 5 } }).backoff.initialDelayMs; // 1000
 * ```
 */
export function resolveRetryPolicy(stage: {
  readonly retry?: RetryPolicy | undefined;
}): ResolvedRetryPolicy {
  const retry = stage.retry;
  const defaults = DEFAULT_RETRY_POLICY.backoff;
  return Object.freeze({
    maxAttempts: retry?.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
    backoff: Object.freeze({
      initialDelayMs: retry?.backoff?.initialDelayMs ?? defaults.initialDelayMs,
      multiplier: retry?.backoff?.multiplier ?? defaults.multiplier,
      maxDelayMs: retry?.backoff?.maxDelayMs ?? defaults.maxDelayMs,
    }),
  });
}

/**
 * Milliseconds to wait before the next attempt, after attempt number `attempt` (1-based)
 * failed: `initialDelayMs × multiplier^(attempt − 1)`, capped at `maxDelayMs`.
 * Deterministic (no jitter). Unset fields come from {@link DEFAULT_RETRY_POLICY}.
 *
 * @example
 * ```ts
 * computeBackoffDelay(DEFAULT_RETRY_POLICY, 1); // 1000
 * computeBackoffDelay(DEFAULT_RETRY_POLICY, 3); // 4000
 * ```
 */
export function computeBackoffDelay(policy: RetryPolicy, attempt: number): number {
  const { backoff } = resolveRetryPolicy({ retry: policy });
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const delay = backoff.initialDelayMs * backoff.multiplier ** exponent;
  return Math.max(0, Math.min(delay, backoff.maxDelayMs));
}
