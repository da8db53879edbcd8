import { REDACTED, redactText } from "./redact-text";
import { isSecretKey, SCHEMA_NAME_KEYS } from "./secret-key";

/** True when `value` is or holds (at any depth) a non-empty string. */
export function holdsText(value: unknown, seen: Set<object> = new Set()): boolean {
  if (typeof value === "string") return value !== "";
  if (typeof value !== "object" || value === null || seen.has(value)) return false;
  seen.add(value);
  const items = Array.isArray(value) ? value : Object.values(value);
  return items.some((item) => holdsText(item, seen));
}

/**
 * A deep copy of a log, progress or event payload with its secrets removed: the value of every
 * secret-named field (see {@link isSecretKey}) that holds text — a string, or an array or object
 * with strings in it — becomes `"[redacted]"`, at any depth and inside arrays, and every other
 * string goes through {@link redactText}. Numbers, booleans, `null` and dates are kept, so
 * `{ tokens: 120 }` stays a count. Property names inside a JSON Schema (`properties`, `$defs`)
 * are names, not secrets. Cycles are preserved.
 *
 * @example
 * ```ts
 * redactValue({ user: "ada", auth: { password: "p" }, url: "https://x:y@h" });
 * // { user: "ada", auth: "[redacted]", url: "https://x:[redacted]@h" }
 * ```
 */
export function redactValue<T>(value: T): T {
  return redact(value, false, new WeakMap()) as T;
}

function redact(value: unknown, namesOnly: boolean, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === "string") return redactText(value);
  if (typeof value !== "object" || value === null || value instanceof Date) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(redact(item, false, seen));
    return copy;
  }
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [key, item] of Object.entries(value)) {
    const secret = !namesOnly && isSecretKey(key) && holdsText(item);
    copy[key] = secret ? REDACTED : redact(item, !namesOnly && SCHEMA_NAME_KEYS.has(key), seen);
  }
  return copy;
}
