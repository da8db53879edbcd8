/**
 * Something that calls a listener when work may be waiting: a `JobTransport` with
 * `capabilities.supportsWakeups` is one for jobs; an adapter may offer others for new runs or
 * outbox events. `subscribe` resolves with an unsubscribe function.
 */
export interface WakeupSource {
  /** Calls `listener` whenever work may be waiting; resolves (once live) with an unsubscribe function. */
  subscribe(listener: () => void): Promise<() => Promise<void>>;
}
