import type { ScheduleRecord } from "../records/schedule-record";
import type { CronSpec } from "./cron-spec";

/** The window of a schedule's ticks. */
export interface TickWindow {
  readonly startAt: Date | null;
  readonly endAt: Date | null;
}

/**
 * The first tick strictly after `after` that lies in `window` (at or after `startAt`, before
 * `endAt`), or null when there is none.
 */
export function nextTick(spec: CronSpec, after: Date, window: TickWindow): Date | null {
  let from = after;
  if (window.startAt !== null && window.startAt.getTime() > after.getTime()) {
    from = new Date(window.startAt.getTime() - 1);
  }
  const tick = spec.next(from);
  if (tick === null) return null;
  if (window.endAt !== null && tick.getTime() >= window.endAt.getTime()) return null;
  return tick;
}

/** Up to `count` ticks from `first` (included) on, in order. */
export function ticksFrom(
  spec: CronSpec,
  first: Date | null,
  window: TickWindow,
  count: number,
): Date[] {
  const ticks: Date[] = [];
  let tick = first;
  while (tick !== null && ticks.length < count) {
    ticks.push(tick);
    tick = nextTick(spec, tick, window);
  }
  return ticks;
}

/**
 * The delay (ms, in `[0, jitterMs)`) of the tick `tick` of schedule `scheduleId`: a hash of both,
 * so every worker computes the same due time and the delay differs from tick to tick.
 */
export function jitterOf(scheduleId: string, tick: Date, jitterMs: number): number {
  if (jitterMs <= 0) return 0;
  const text = `${scheduleId}@${tick.toISOString()}`;
  // FNV-1a, 32 bit.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % jitterMs;
}

/** When schedule `record` fires its tick `tick` (the tick plus its jitter). */
export function dueAtOf(
  record: Pick<ScheduleRecord, "id" | "jitterMs">,
  tick: Date | null,
): Date | null {
  if (tick === null) return null;
  return new Date(tick.getTime() + jitterOf(record.id, tick, record.jitterMs));
}

/** The idempotency key of the run of tick `tick`: `schedule:<scheduleId>:<tick ISO>`. */
export function tickIdempotencyKey(scheduleId: string, tick: Date | string): string {
  return `schedule:${scheduleId}:${typeof tick === "string" ? tick : tick.toISOString()}`;
}
