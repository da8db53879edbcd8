import { Cron } from "croner";
import { InvalidCronError, UnknownTimezoneError } from "../errors/schedule-errors";

/** A parsed cron expression in a time zone. */
export interface CronSpec {
  readonly cron: string;
  readonly timezone: string;
  /** The first tick strictly after `after`, or null when there is none. */
  next(after: Date): Date | null;
}

/**
 * Checks that `timezone` is an IANA time zone this runtime knows.
 *
 * @throws {@link UnknownTimezoneError} otherwise.
 */
export function assertTimezone(timezone: string): void {
  if (typeof timezone !== "string" || timezone.trim() === "") {
    throw new UnknownTimezoneError(String(timezone));
  }
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
  } catch (error) {
    throw new UnknownTimezoneError(timezone, error);
  }
}

/**
 * Parses `cron` (5 fields, minute precision; or 6 fields with seconds first; ranges, steps,
 * lists, names, `L`, `#`, `W` and `@daily`-style nicknames) in `timezone` with croner. Day of month
 * and day of week combine with OR, as in Vixie cron. DST, as croner resolves it: a fixed-time tick
 * (single second, minute and hour, e.g. `30 2 * * *`) that falls in the spring-forward gap fires
 * once at the first valid time after the gap, and once (the first occurrence) on the fall-back
 * day; interval expressions (`*`, steps, e.g. `*\/15 * * * *`) follow elapsed time: they skip the
 * missing hour and fire in both occurrences of the repeated one.
 *
 * @throws {@link InvalidCronError} for an expression croner refuses or one that never matches;
 *   {@link UnknownTimezoneError} for an unknown time zone.
 */
export function parseCron(cron: string, timezone: string): CronSpec {
  assertTimezone(timezone);
  if (typeof cron !== "string" || cron.trim() === "") {
    throw new InvalidCronError(String(cron), "expected a non-empty string");
  }
  let parsed: Cron;
  try {
    parsed = new Cron(cron, { timezone, paused: true, mode: "5-or-6-parts" });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidCronError(cron, reason, error);
  }
  const next = (after: Date): Date | null => parsed.nextRun(after);
  if (next(new Date(0)) === null) throw new InvalidCronError(cron, "it never matches a time");
  return { cron, timezone, next };
}
