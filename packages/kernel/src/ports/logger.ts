import { redactText } from "@stageflow/core";

/** One level of a {@link StageflowLogger}: pino's `(obj, msg)` shape. */
export type StageflowLogMethod = (obj: Record<string, unknown>, msg?: string) => void;

/**
 * Where Stageflow writes operational messages: the `(obj, msg)` methods of a pino logger (a pino
 * logger fits as is). Errors are passed as `err`, the field pino serializes.
 */
export interface StageflowLogger {
  /** Lifecycle and details (hosts). */
  info: StageflowLogMethod;
  /** Something failed and will be retried (a plugin publish, a loop step). */
  warn: StageflowLogMethod;
  /** Something failed for good (an event dead-lettered, leases not released). */
  error: StageflowLogMethod;
  /** Per-step details. */
  debug: StageflowLogMethod;
}

function describeError(value: unknown): string {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return `${value.name}${typeof code === "string" ? ` [${code}]` : ""}: ${value.message}`;
  }
  return String(value);
}

function line(obj: Record<string, unknown>, msg: string | undefined): string {
  const { err, ...fields } = obj;
  const parts = [`[stageflow] ${msg ?? ""}`.trimEnd()];
  if (Object.keys(fields).length > 0) {
    try {
      parts.push(JSON.stringify(fields));
    } catch {
      parts.push(String(fields));
    }
  }
  if (err !== undefined) parts.push(`— ${describeError(err)}`);
  return redactText(parts.join(" "));
}

/**
 * The default logger: warnings and errors go to the console (`console.warn` / `console.error`,
 * one line each, `[stageflow] message {fields} — Error: reason`, secrets redacted with
 * `redactText`); info and debug are dropped.
 * Pass a pino logger (or any {@link StageflowLogger}) to replace it.
 *
 * @param target - where lines go; default the global `console`.
 */
export function createConsoleLogger(
  target: Pick<Console, "warn" | "error"> = console,
): StageflowLogger {
  const logger: StageflowLogger = {
    info: () => {},
    debug: () => {},
    warn: (obj, msg) => target.warn(line(obj, msg)),
    error: (obj, msg) => target.error(line(obj, msg)),
  };
  return Object.freeze(logger);
}

/** A logger that drops everything (opt out of the console default). */
export const silentLogger: StageflowLogger = Object.freeze({
  info: () => {},
  debug: () => {},
  warn: () => {},
  error: () => {},
});
