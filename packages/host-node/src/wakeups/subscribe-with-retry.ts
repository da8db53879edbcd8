import { createLoop } from "../loop/create-loop";
import type { HostLogger } from "../loop/host-logger";
import type { RetryBackoff } from "../loop/retry-delay";
import type { WakeupSource } from "./wakeup-source";

/** A wake-up subscription that keeps trying to subscribe until it succeeds or is stopped. */
export interface WakeupSubscription {
  /** Settles after the first attempt to subscribe, whether it succeeded or not (never rejects). */
  readonly firstAttempt: Promise<void>;
  /** Stops retrying and unsubscribes (never rejects). */
  stop(): Promise<void>;
}

/** Options of {@link subscribeWithRetry}. */
export interface SubscribeWithRetryOptions {
  readonly name: string;
  readonly source: WakeupSource;
  readonly listener: () => void;
  readonly backoff: RetryBackoff;
  readonly logger: HostLogger;
}

/**
 * Subscribes `listener` to `source`; a failed subscription (database down at start) is logged and
 * retried with backoff in the background, while polling keeps the host working.
 */
export function subscribeWithRetry(options: SubscribeWithRetryOptions): WakeupSubscription {
  const { name, source, listener, backoff, logger } = options;
  let unsubscribe: (() => Promise<void>) | null = null;
  let attempted: () => void = () => {};
  const firstAttempt = new Promise<void>((resolve) => {
    attempted = resolve;
  });
  const loop = createLoop({
    name: `${name} subscription`,
    intervalMs: null,
    backoff,
    logger,
    async step() {
      try {
        unsubscribe = await source.subscribe(listener);
      } finally {
        attempted();
      }
      logger.debug({ wakeups: name }, "subscribed to wake-ups");
      return "idle";
    },
  });
  loop.start();
  return {
    firstAttempt,
    async stop() {
      await loop.stop();
      attempted();
      const current = unsubscribe;
      unsubscribe = null;
      if (!current) return;
      try {
        await current();
      } catch (error) {
        logger.warn({ err: error, wakeups: name }, "unsubscribing from wake-ups failed");
      }
    },
  };
}
