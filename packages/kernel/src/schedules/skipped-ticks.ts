import type { ScheduleSkippedEvent } from "../events/stageflow-event";
import type { NewOutboxEvent } from "../records/outbox-record";
import type { ScheduleRecord } from "../records/schedule-record";
import { outboxEvent } from "../run-state/build-event";

type Reason = ScheduleSkippedEvent["reason"];

/** Ticks listed per `schedule:skipped` event, at most. */
const LISTED_TICKS = 100;

/** The outbox stream of a schedule's own events (`schedule:skipped`): `schedule:<scheduleId>`. */
export function scheduleEventStream(scheduleId: string): string {
  return `schedule:${scheduleId}`;
}

/** The ticks one `schedule.tick` skipped for one schedule, by reason. */
export class SkippedTicks {
  readonly #byReason = new Map<Reason, { count: number; ticks: string[]; error?: string }>();

  /** Notes that `tick` was skipped for `reason` (with the refusal's message for `invalid`). */
  add(reason: Reason, tick: Date, error?: string): void {
    const entry = this.#byReason.get(reason) ?? { count: 0, ticks: [] };
    entry.count += 1;
    if (entry.ticks.length < LISTED_TICKS) entry.ticks.push(tick.toISOString());
    if (error !== undefined) entry.error = error;
    this.#byReason.set(reason, entry);
  }

  /** Ticks skipped for `reason`. */
  count(reason: Reason): number {
    return this.#byReason.get(reason)?.count ?? 0;
  }

  /** Ticks skipped for any reason. */
  get total(): number {
    let total = 0;
    for (const entry of this.#byReason.values()) total += entry.count;
    return total;
  }

  /** One `schedule:skipped` event per reason, on the schedule's own stream. */
  events(schedule: ScheduleRecord, now: Date): NewOutboxEvent[] {
    const stream = { id: scheduleEventStream(schedule.id), workflowId: schedule.workflowId };
    return [...this.#byReason].map(([reason, entry]) =>
      outboxEvent("schedule:skipped", stream, now, {
        scheduleId: schedule.id,
        reason,
        count: entry.count,
        ticks: entry.ticks,
        error: entry.error,
      }),
    );
  }
}
