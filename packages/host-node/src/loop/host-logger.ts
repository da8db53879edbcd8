/** One level of a {@link HostLogger}: pino's `(obj, msg)` shape. */
export type HostLogMethod = (obj: Record<string, unknown>, msg?: string) => void;

/**
 * What the host logs through: the `(obj, msg)` methods of a pino logger (a pino logger fits as is;
 * so does `console`). Errors are passed as `err`, the field pino serializes.
 */
export interface HostLogger {
  /** Lifecycle: started, draining, stopped. */
  info: HostLogMethod;
  /** A loop step failed and will be retried (database outage, lost lease). */
  warn: HostLogMethod;
  /** Something failed that the host cannot retry (a job's leases could not be released). */
  error: HostLogMethod;
  /** Per-tick details. */
  debug: HostLogMethod;
}

const ignore: HostLogMethod = () => {};

/** A logger that drops everything (the default). */
export const silentLogger: HostLogger = Object.freeze({
  info: ignore,
  warn: ignore,
  error: ignore,
  debug: ignore,
});

/**
 * Wraps `logger` so a throwing log method can never break a host loop, and binds `fields`
 * (e.g. `workerId`) into every line.
 */
export function createSafeLogger(logger: HostLogger, fields: Record<string, unknown>): HostLogger {
  const wrap =
    (level: keyof HostLogger): HostLogMethod =>
    (obj, msg) => {
      try {
        logger[level]({ ...fields, ...obj }, msg);
      } catch {
        // A broken logger must not take the host down.
      }
    };
  return { info: wrap("info"), warn: wrap("warn"), error: wrap("error"), debug: wrap("debug") };
}
