/** The signals a Node host drains on. */
export const SHUTDOWN_SIGNALS = ["SIGTERM", "SIGINT"] as const;

/** One of {@link SHUTDOWN_SIGNALS}. */
export type ShutdownSignal = (typeof SHUTDOWN_SIGNALS)[number];

/**
 * Registers `onSignal` for SIGTERM and SIGINT on `process` and returns a function that removes
 * exactly those listeners (other listeners are left alone).
 */
export function installSignalHandlers(onSignal: (signal: ShutdownSignal) => void): () => void {
  const listeners = SHUTDOWN_SIGNALS.map((signal) => {
    const listener = (): void => onSignal(signal);
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) process.off(signal, listener);
  };
}

/**
 * After a signal-triggered drain: re-raises `signal` so the process ends the way it would have
 * without the host, unless someone else listens for it (then they decide).
 */
export function reraiseIfUnhandled(signal: ShutdownSignal): void {
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}
