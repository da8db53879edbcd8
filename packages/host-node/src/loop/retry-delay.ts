/** Capped exponential backoff used by every host loop after a failure. */
export interface RetryBackoff {
  /** Delay after the first consecutive failure, in milliseconds. */
  readonly initialMs: number;
  /** Upper bound of any delay, in milliseconds. */
  readonly maxMs: number;
}

/**
 * Milliseconds to wait after `failures` consecutive failures (1-based):
 * `initialMs × 2^(failures − 1)`, capped at `maxMs`.
 *
 * @example
 * ```ts
 * computeRetryDelay(3, { initialMs: 100, maxMs: 5_000 }); // 400
 * ```
 */
export function computeRetryDelay(failures: number, backoff: RetryBackoff): number {
  const exponent = Math.max(0, Math.min(30, Math.floor(failures) - 1));
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** exponent);
}
