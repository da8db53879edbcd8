import type { JobTransport } from "@stageflow/kernel";

/**
 * Lets idle worker loops sleep until the transport announces jobs (`subscribe`) or a poll
 * interval passes, whichever comes first.
 */
export class WakeSignal {
  private waiters: Array<() => void> = [];
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(private readonly pollMs: number) {}

  /** Subscribes to the transport's wake-ups when it supports them; returns whether it does. */
  async attach(transport: JobTransport): Promise<boolean> {
    if (!transport.capabilities.supportsWakeups || !transport.subscribe) return false;
    this.unsubscribe = await transport.subscribe(() => this.fire());
    return true;
  }

  /** Wakes every waiting loop. */
  fire(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves at the next wake-up or after the poll interval. */
  wait(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.pollMs);
      const waiters = this.waiters;
      function done() {
        clearTimeout(timer);
        const i = waiters.indexOf(done);
        if (i >= 0) waiters.splice(i, 1);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  /** Stops listening. */
  async detach(): Promise<void> {
    this.fire();
    await this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
