import type { JobMessage } from "@stageflow/host-serverless";

/** A message as the simulated queue holds it. */
export interface QueuedMessage {
  readonly id: string;
  readonly body: JobMessage;
  /** Deliveries so far. */
  attempts: number;
  /** Not delivered before this time (ms since the epoch). */
  visibleAt: number;
}

/**
 * An in-memory stand-in for SQS or Cloudflare Queues: at-least-once delivery in batches, delays,
 * acknowledgements, and retries with a visibility delay.
 */
export class SimulatedQueue {
  readonly #messages = new Map<string, QueuedMessage>();
  #next = 1;
  /** Messages ever sent. */
  sent = 0;

  send(body: JobMessage, options: { delaySeconds?: number } = {}): void {
    const id = `msg-${this.#next++}`;
    this.sent += 1;
    this.#messages.set(id, {
      id,
      body,
      attempts: 0,
      visibleAt: Date.now() + (options.delaySeconds ?? 0) * 1000,
    });
  }

  /** Up to `max` visible messages; each is hidden for `visibilityMs` until acked or retried. */
  receive(max: number, visibilityMs = 30_000): QueuedMessage[] {
    const now = Date.now();
    const batch = [...this.#messages.values()].filter((m) => m.visibleAt <= now).slice(0, max);
    for (const message of batch) {
      message.attempts += 1;
      message.visibleAt = now + visibilityMs;
    }
    return batch;
  }

  ack(id: string): void {
    this.#messages.delete(id);
  }

  retry(id: string, delaySeconds = 0): void {
    const message = this.#messages.get(id);
    if (message) message.visibleAt = Date.now() + delaySeconds * 1000;
  }

  get size(): number {
    return this.#messages.size;
  }
}
