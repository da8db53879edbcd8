import type { OutboxRecord, RunQueryApi } from "@stageflow/kernel";

/**
 * How far back (ms) each poll looks again: an event's `createdAt` is taken before its
 * transaction commits, so a slow commit (or another machine's clock) can make an event appear
 * after later-stamped ones. Events within the window are re-read and skipped by id.
 */
export const LOOKBACK_MS = 5000;
const PAGE = 1000;
const MAX_PAGES_PER_POLL = 5;
const RESUME_SCAN_PAGES = 10;

/**
 * Follows the outbox of every run through `kernel.query.listEvents`, for one stream connection:
 * {@link OutboxFollower.start} fixes the position (now, or just after a `Last-Event-ID`), each
 * {@link OutboxFollower.poll} returns the events written since, oldest first, each once.
 */
export class OutboxFollower {
  readonly #query: RunQueryApi;
  /** Ids already sent (or older than the start), with their `createdAt` for pruning. */
  readonly #seen = new Map<string, number>();
  /** The newest `createdAt` seen, in ms; `undefined` while the outbox was empty. */
  #since: number | undefined;
  /** Events found after a `Last-Event-ID` while resuming, sent by the first poll. */
  #pending: OutboxRecord[] = [];

  constructor(query: RunQueryApi) {
    this.#query = query;
  }

  /** Positions the follower: after `lastEventId` when it is found among recent events, else now. */
  async start(lastEventId?: string): Promise<void> {
    if (lastEventId !== undefined && (await this.#resume(lastEventId))) return;
    const newest = (await this.#query.listEvents({ order: "newest", limit: 1 })).events[0];
    if (newest === undefined) return;
    this.#since = newest.createdAt.getTime();
    for await (const event of this.#window()) this.#remember(event);
  }

  /** The events written since the last call (or the start), oldest first. */
  async poll(): Promise<OutboxRecord[]> {
    const fresh: OutboxRecord[] = this.#pending;
    this.#pending = [];
    for (const event of fresh) this.#remember(event);
    for await (const event of this.#window()) {
      if (this.#seen.has(event.id)) continue;
      this.#remember(event);
      fresh.push(event);
    }
    this.#prune();
    return fresh;
  }

  /** Events from `since − LOOKBACK_MS` on, oldest first (a bounded number of pages). */
  async *#window(): AsyncGenerator<OutboxRecord> {
    const createdAfter =
      this.#since === undefined ? undefined : new Date(this.#since - LOOKBACK_MS);
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
      const result = await this.#query.listEvents({
        order: "oldest",
        limit: PAGE,
        ...(createdAfter ? { createdAfter } : {}),
        ...(cursor ? { cursor } : {}),
      });
      yield* result.events;
      if (result.nextCursor === null) return;
      cursor = result.nextCursor;
    }
  }

  /** Finds `lastEventId` among the newest events; everything after it waits for the first poll. */
  async #resume(lastEventId: string): Promise<boolean> {
    const newer: OutboxRecord[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < RESUME_SCAN_PAGES; page++) {
      const result = await this.#query.listEvents({
        order: "newest",
        limit: PAGE,
        ...(cursor ? { cursor } : {}),
      });
      for (const event of result.events) {
        if (event.id === lastEventId) {
          this.#since = event.createdAt.getTime();
          this.#remember(event);
          // Events of the look-back window older than the resumed one were sent before it.
          const floor = this.#since - LOOKBACK_MS;
          for await (const old of this.#window()) {
            const before =
              old.createdAt.getTime() < event.createdAt.getTime() ||
              (old.createdAt.getTime() === event.createdAt.getTime() && old.id < event.id);
            if (before && old.createdAt.getTime() >= floor) this.#remember(old);
          }
          this.#pending = newer.reverse();
          return true;
        }
        newer.push(event);
      }
      if (result.nextCursor === null) return false;
      cursor = result.nextCursor;
    }
    return false;
  }

  #remember(event: OutboxRecord): void {
    const at = event.createdAt.getTime();
    this.#seen.set(event.id, at);
    if (this.#since === undefined || at > this.#since) this.#since = at;
  }

  #prune(): void {
    if (this.#since === undefined) return;
    const floor = this.#since - LOOKBACK_MS;
    for (const [id, at] of this.#seen) if (at < floor) this.#seen.delete(id);
  }
}
