import { computeBackoffDelay, type RetryPolicy } from "@stageflow/core";
import { isRetryableFailure } from "./failure-info";

/** What to do after a failed attempt. */
export type RetryDecision =
  | {
      readonly retry: true;
      /** The attempt number of the next try. */
      readonly nextAttempt: number;
      /** When the next try may start (`now` + backoff). */
      readonly availableAt: Date;
    }
  | { readonly retry: false };

/**
 * Decides whether a failed attempt is retried: only retryable failures with attempts left are,
 * after the stage policy's exponential backoff (`computeBackoffDelay(policy, attempt)`).
 *
 * @example
 * ```ts
 * decideRetry({ error: new Error("503"), attempt: 1, maxAttempts: 3, policy: undefined, now });
 * // { retry: true, nextAttempt: 2, availableAt: now + 1000 ms }
 * ```
 */
export function decideRetry(options: {
  readonly error: unknown;
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly policy: RetryPolicy | undefined;
  readonly now: Date;
}): RetryDecision {
  const { error, attempt, maxAttempts, policy, now } = options;
  if (!isRetryableFailure(error) || attempt >= maxAttempts) return { retry: false };
  const delay = computeBackoffDelay(policy ?? {}, attempt);
  return { retry: true, nextAttempt: attempt + 1, availableAt: new Date(now.getTime() + delay) };
}
