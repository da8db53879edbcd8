import type { Clock } from "../ports/clock";
import type { Persistence } from "../ports/persistence";

/** What {@link OutboxClaimKeeper} needs. */
export interface OutboxClaimKeeperOptions {
  readonly persistence: Persistence;
  readonly clock: Clock;
  readonly workerId: string;
  readonly leaseMs: number;
  /** The ids just claimed, and the `now` of their claim. */
  readonly ids: readonly string[];
  readonly claimedAt: Date;
}

/**
 * Keeps one flush's claim on its events alive and knows which of them it still holds.
 *
 * A claim is good until `claimedAt + leaseMs` (or the last renewal's `now + leaseMs`); another
 * flusher may take an event only once that time has passed. So before each publish the flush
 * asks {@link ensure}: the keeper renews every claim it holds when less than half of the lease
 * is left (learning from the database which claims it lost), and answers whether this event is
 * still held with time to spare. While a publish is in flight, {@link during} renews every
 * quarter of the lease, so a slow sink never lets the claim lapse. The only timer it sets lives
 * while one `emit` is awaited and is cleared when it settles.
 */
export class OutboxClaimKeeper {
  readonly #options: OutboxClaimKeeperOptions;
  #held: Set<string>;
  #heldUntil: number;
  #renewing: Promise<void> = Promise.resolve();

  /** @param options - the flush's ports, identity, lease and fresh claim. */
  constructor(options: OutboxClaimKeeperOptions) {
    this.#options = options;
    this.#held = new Set(options.ids);
    this.#heldUntil = options.claimedAt.getTime() + options.leaseMs;
  }

  /** True while `id` is held and its claim has not run out. */
  holds(id: string): boolean {
    return this.#held.has(id) && this.#options.clock.now().getTime() < this.#heldUntil;
  }

  /** The ids still held (claims not lost), whether or not their lease ran out meanwhile. */
  get held(): string[] {
    return [...this.#held];
  }

  /**
   * Renews when less than half of the lease is left, then tells whether `id` may be published
   * now: still held, with at least a quarter of the lease left. Rejects when the renewal fails.
   */
  async ensure(id: string): Promise<boolean> {
    await this.#renewing;
    if (!this.#held.has(id)) return false;
    const { clock, leaseMs } = this.#options;
    if (this.#heldUntil - clock.now().getTime() < leaseMs / 2) await this.#renew();
    return this.#held.has(id) && this.#heldUntil - clock.now().getTime() >= leaseMs / 4;
  }

  /**
   * Awaits `work` (one publish), renewing the claims every quarter of the lease until it
   * settles. A failed renewal is tried again at the next turn; if none succeeds before the lease
   * runs out, {@link holds} turns false.
   */
  async during<T>(work: Promise<T>): Promise<T> {
    const every = Math.max(1, Math.floor(this.#options.leaseMs / 4));
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const tick = (): void => {
      this.#renewing = this.#renewing
        .then(() => (settled ? undefined : this.#renew()))
        .catch(() => undefined);
      void this.#renewing.then(() => {
        if (!settled) schedule();
      });
    };
    const schedule = (): void => {
      timer = setTimeout(tick, every);
      (timer as { unref?: () => void }).unref?.();
    };
    schedule();
    try {
      return await work;
    } finally {
      settled = true;
      clearTimeout(timer);
    }
  }

  /** Stops tracking `ids` (published, failed or released). */
  forget(ids: readonly string[]): void {
    for (const id of ids) this.#held.delete(id);
  }

  /** Waits for a renewal in flight, so nothing is written after the flush returns. */
  async settle(): Promise<void> {
    await this.#renewing.catch(() => undefined);
  }

  async #renew(): Promise<void> {
    const { persistence, clock, workerId, leaseMs } = this.#options;
    const asked = [...this.#held];
    if (asked.length === 0) return;
    const now = clock.now();
    const renewed = new Set(
      await persistence.renewOutboxClaims({ workerId, ids: asked, now, leaseMs }),
    );
    // Ids forgotten while the renewal ran stay forgotten; ids it did not renew are lost.
    for (const id of asked) if (!renewed.has(id)) this.#held.delete(id);
    this.#heldUntil = now.getTime() + leaseMs;
  }
}
