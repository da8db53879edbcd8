import ms from "ms";
import { usageError } from "../errors/cli-error";

/**
 * Reads a point in time given as an age (`90s`, `15m`, `1h`, `30d`: that long before `now`) or as
 * an ISO 8601 date. Anything else is a usage error naming the flag.
 */
export function parseSince(value: string, flag: string, now: Date = new Date()): Date {
  const age = parseAge(value);
  if (age !== undefined) return new Date(now.getTime() - age);
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw usageError(`${flag} takes an age such as 30m, 1h or 30d, or an ISO date; got "${value}"`);
}

/** Reads an age such as `30d` as milliseconds; a usage error naming the flag otherwise. */
export function parseAgeFlag(value: string, flag: string): number {
  const age = parseAge(value);
  if (age === undefined) {
    throw usageError(`${flag} takes an age such as 30m, 12h or 30d; got "${value}"`);
  }
  return age;
}

function parseAge(value: string): number | undefined {
  if (!/^\d+(\.\d+)?\s*[a-zA-Z]+$/.test(value.trim())) return undefined;
  const parsed = ms(value as ms.StringValue);
  return typeof parsed === "number" && Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined;
}
