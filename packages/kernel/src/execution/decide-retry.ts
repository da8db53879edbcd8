import { computeBackoffDelay, type RetryPolicy } from "@stageflow/core";
import { isRetryableFailure, retryAfterMsOf } from "./failure-info";

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
 * Decides whether a failed attempt is retried: only retryable failures (see
 * {@link isRetryableFailure}: the error's own `retryable` flag decides) with attempts left are,
 * after the delay the failing service asked for (`retryAfterMs`, a provider's `Retry-After`) when
 * the error carries one, else after the stage policy's exponential backoff
 * (`computeBackoffDelay(policy, attempt)`).
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
  const delay = retryAfterMsOf(error) ?? computeBackoffDelay(policy ?? {}, attempt);
  return { retry: true, nextAttempt: attempt + 1, availableAt: new Date(now.getTime() + delay) };
}
