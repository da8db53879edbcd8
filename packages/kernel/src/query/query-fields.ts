import { InvalidQueryError } from "../errors/command-errors";
import type { RunStatus } from "../records/run-record";
import type { QueryTime } from "./run-query-types";

/** Every run status, in life order. */
export const RUN_STATUSES: readonly RunStatus[] = [
  "PENDING",
  "RUNNING",
  "COMPLETED",
  "FAILED",
  "CANCELLED",
];

/** The statuses a run never leaves on its own. */
export const FINAL_RUN_STATUSES: readonly RunStatus[] = ["COMPLETED", "FAILED", "CANCELLED"];

const MAX_TEXT = 512;

/** `value` as a `Date` (from a valid `Date`, epoch ms or an ISO-8601 string), or `undefined`. */
export function timeField(
  query: string,
  field: string,
  value: QueryTime | undefined,
): Date | undefined {
  if (value === undefined) return undefined;
  let date: Date | undefined;
  if (value instanceof Date) date = new Date(value.getTime());
  else if (typeof value === "number" && Number.isFinite(value)) date = new Date(value);
  else if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value)) date = new Date(value);
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw new InvalidQueryError(
      query,
      field,
      "must be a valid Date, epoch milliseconds or an ISO-8601 string",
    );
  }
  return date;
}

/** A non-empty string of at most 512 characters, or `undefined`. */
export function textField(query: string, field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_TEXT) {
    throw new InvalidQueryError(
      query,
      field,
      `must be a non-empty string of at most ${MAX_TEXT} characters`,
    );
  }
  return value;
}

/** One value or a non-empty list of them, each checked by `check`, as a list without duplicates. */
export function listField<T>(
  query: string,
  field: string,
  value: T | readonly T[] | undefined,
  check: (item: unknown) => item is T,
  expected: string,
): T[] | undefined {
  if (value === undefined) return undefined;
  const items: readonly unknown[] = Array.isArray(value) ? value : [value];
  if (items.length === 0 || items.length > 100 || !items.every(check)) {
    throw new InvalidQueryError(query, field, `must be ${expected} or a non-empty list of them`);
  }
  return [...new Set(items as T[])];
}

/** A run status. */
export function isRunStatus(value: unknown): value is RunStatus {
  return typeof value === "string" && (RUN_STATUSES as readonly string[]).includes(value);
}

/** A non-empty string of at most 512 characters. */
export function isShortText(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= MAX_TEXT;
}

/** A page size: a whole number 1..1000, default 50. */
export function limitField(query: string, value: unknown): number {
  if (value === undefined) return 50;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1 || value > 1000) {
    throw new InvalidQueryError(query, "limit", "must be a whole number from 1 to 1000");
  }
  return value;
}

/** Checks that `after < before` when both are set. */
export function rangeField(query: string, field: string, after?: Date, before?: Date): void {
  if (after !== undefined && before !== undefined && after.getTime() >= before.getTime()) {
    throw new InvalidQueryError(query, field, "After must be earlier than its Before");
  }
}
