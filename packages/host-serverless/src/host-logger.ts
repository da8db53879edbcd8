/** One level of a {@link HostLogger}: pino's `(obj, msg)` shape. */
export type HostLogMethod = (obj: Record<string, unknown>, msg?: string) => void;

/** A pino-compatible logger (`warn` and `debug` are used); errors are passed as `err`. */
export interface HostLogger {
  /** A step or a job dispatch failed (the result reports it too). */
  warn: HostLogMethod;
  /** Details. */
  debug: HostLogMethod;
}

/** Calls `logger[level]`, swallowing what a broken logger throws. */
export function safeLog(
  logger: HostLogger | undefined,
  level: keyof HostLogger,
  obj: Record<string, unknown>,
  msg: string,
): void {
  try {
    logger?.[level](obj, msg);
  } catch {
    // A broken logger must not fail an invocation.
  }
}
