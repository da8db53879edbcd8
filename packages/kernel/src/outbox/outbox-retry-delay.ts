/**
 * Delay before the next publish attempt after the `failures`-th failure of an event:
 * `initialMs`, doubling with each further failure, at most `maxMs`.
 *
 * @example
 * ```ts
 * outboxRetryDelay(3, 1_000, 60_000); // 4 000
 * ```
 */
export function outboxRetryDelay(failures: number, initialMs: number, maxMs: number): number {
  const exponent = Math.max(0, Math.min(failures - 1, 40));
  return Math.min(maxMs, initialMs * 2 ** exponent);
}
