import type { WakeupChannel } from "./wakeup-channel";

/** A wake-up listener; it receives nothing but the fact that something was committed. */
export type WakeupListener = () => void;

/** Where a database's wake-ups are subscribed to and delivered. One hub per database object. */
export interface WakeupHub {
  /** True when wake-ups from other processes arrive too (Postgres `LISTEN`). */
  readonly crossProcess: boolean;
  /**
   * Registers `listener` for `channel`; resolves once it is live (on Postgres: after `LISTEN`).
   * Returns the function that removes it.
   */
  subscribe(channel: WakeupChannel, listener: WakeupListener): Promise<() => Promise<void>>;
  /**
   * Called after a transaction committed with the channels it wrote to. Delivers to in-process
   * listeners where the database cannot (SQLite); a no-op where `NOTIFY` does it (Postgres).
   */
  publishCommitted(channels: ReadonlySet<WakeupChannel>): void;
  /** Drops every listener and releases connections. */
  close(): Promise<void>;
}

/** Calls every listener, reporting (not propagating) exceptions. */
export function callListeners(
  listeners: Iterable<WakeupListener>,
  onError: (error: unknown) => void,
): void {
  for (const listener of [...listeners]) {
    try {
      listener();
    } catch (error) {
      onError(error);
    }
  }
}
