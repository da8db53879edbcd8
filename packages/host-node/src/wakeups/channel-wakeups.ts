import type { WakeupSource } from "./wakeup-source";

/** A wake-up channel of a transport like `@stageflow/persistence-kysely`'s. */
export type WakeupChannel = "jobs" | "runs" | "outbox";

/**
 * A transport whose `subscribe` takes a channel, as `createKyselyJobTransport(db)` does: `runs`
 * fires when runs are created, `outbox` when events are appended (Postgres `NOTIFY` from any
 * process; SQLite within the process).
 */
export interface ChannelWakeupTransport {
  /** Subscribes `listener` to `options.channel` (default `jobs`); resolves with an unsubscribe function. */
  subscribe(
    listener: () => void,
    options?: { channel?: WakeupChannel },
  ): Promise<() => Promise<void>>;
}

/**
 * The `runs` and `outbox` wake-up sources of a channel transport, for `createNodeHost`'s
 * `wakeups` option: new runs are claimed and new events published the moment they commit.
 *
 * @example
 * ```ts
 * const jobTransport = createKyselyJobTransport(db);
 * const host = createNodeHost({ kernel, jobTransport, workerId, wakeups: channelWakeups(jobTransport) });
 * ```
 */
export function channelWakeups(transport: ChannelWakeupTransport): {
  readonly runs: WakeupSource;
  readonly outbox: WakeupSource;
} {
  return {
    runs: { subscribe: (listener) => transport.subscribe(listener, { channel: "runs" }) },
    outbox: { subscribe: (listener) => transport.subscribe(listener, { channel: "outbox" }) },
  };
}
