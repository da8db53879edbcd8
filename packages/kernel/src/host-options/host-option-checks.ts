// Checks shared by the hosts for the options they take (exported as `hostOptionChecks`): each
// returns the value, or its default when absent, or throws InvalidHostOptionsError naming the
// option. Hosts run them all before starting, so a bad option never half-starts a host.
import { InvalidHostOptionsError } from "./invalid-host-options-error";

/** Largest count accepted (it must fit the kernel's 32-bit command fields). */
const MAX_COUNT = 2 ** 31 - 1;

/** How a value is described in a message. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.slice(0, 40));
  if (typeof value === "object") return "an object";
  return String(value);
}

/** `value`, checked to be a plain object (or absent when `optional`). */
export function objectOption(
  name: string,
  value: unknown,
  optional: boolean,
): Record<string, unknown> | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidHostOptionsError(name, `expected an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

/** Throws unless `value` is an object with a function under each of `methods`. */
export function methodsOption(name: string, value: unknown, methods: readonly string[]): void {
  const object = objectOption(name, value, false) ?? {};
  const missing = methods.filter((method) => typeof object[method] !== "function");
  if (missing.length > 0) {
    throw new InvalidHostOptionsError(
      name,
      `expected an object with the function${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`,
    );
  }
}

/** The longest threshold accepted: the range of a `Date`, as the kernel's commands allow. */
const MAX_THRESHOLD_MS = 8.64e15;

/** A threshold in milliseconds (compared with ages, never waited on): positive, in a `Date`'s range. */
export function thresholdOption(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value <= 0 ||
    value > MAX_THRESHOLD_MS
  ) {
    throw new InvalidHostOptionsError(
      name,
      `expected a positive number of milliseconds up to ${MAX_THRESHOLD_MS}, got ${describe(value)}`,
    );
  }
  return value;
}

/** A positive whole count, at most 2^31 - 1. */
export function countOption(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_COUNT) {
    throw new InvalidHostOptionsError(
      name,
      `expected a positive integer up to ${MAX_COUNT}, got ${describe(value)}`,
    );
  }
  return value as number;
}

/** A boolean, or `fallback` when absent. */
export function booleanOption(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") {
    throw new InvalidHostOptionsError(name, `expected true or false, got ${describe(value)}`);
  }
  return value;
}
