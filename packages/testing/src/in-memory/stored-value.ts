import { assertJsonValue } from "@stageflow/kernel";

/**
 * Checks `value` with `assertJsonValue` and returns the copy a JSON column would give back:
 * `Date`s inside become ISO strings, `undefined` properties disappear, and a top-level
 * `undefined` becomes `null` (SQL adapters store it as NULL).
 */
export function toStoredJson<T>(value: T, path: string): T {
  assertJsonValue(value, path);
  if (value === undefined) return null as T;
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Copies a date-valued record field; rejects anything that is not a valid `Date` (or null). */
export function toStoredDate(value: unknown, path: string): Date | null {
  if (value === null) return null;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return new Date(value.getTime());
  throw new TypeError(`${path} must be a valid Date or null, got ${describe(value)}.`);
}

/** Like `toStoredDate`, for fields that may not be null. */
export function toRequiredDate(value: unknown, path: string): Date {
  const date = value === null ? undefined : toStoredDate(value, path);
  if (!date) throw new TypeError(`${path} must be a valid Date, got ${describe(value)}.`);
  return date;
}

/** A deep copy of a stored record, so callers can never mutate the store. */
export function copyOut<T>(value: T): T {
  return structuredClone(value);
}

/** How a patchable record field is stored. */
export type FieldKind = "value" | "json" | "date";

/**
 * Returns a new record with the fields of `patch` listed in `kinds` applied (JSON fields checked
 * and copied, dates copied). Keys whose value is `undefined` or that are not listed are ignored.
 */
export function applyPatch<R extends object>(
  record: R,
  patch: object,
  kinds: Readonly<Record<string, FieldKind>>,
  entity: string,
): R {
  const next = { ...record } as Record<string, unknown>;
  const source = patch as Record<string, unknown>;
  for (const [key, kind] of Object.entries(kinds)) {
    const value = source[key];
    if (value === undefined) continue;
    const path = `${entity}.${key}`;
    next[key] =
      kind === "json"
        ? toStoredJson(value, path)
        : kind === "date"
          ? toStoredDate(value, path)
          : value;
  }
  return next as R;
}

/** `(a, b)` comparator of dates, oldest first. */
export function byDate(a: Date | null, b: Date | null): number {
  return (a?.getTime() ?? 0) - (b?.getTime() ?? 0);
}

function describe(value: unknown): string {
  if (value instanceof Date) return "an invalid Date";
  return value === undefined ? "undefined" : typeof value;
}
