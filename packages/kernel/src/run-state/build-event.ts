import type {
  EventBase,
  EventOfType,
  StageflowEvent,
  StageflowEventType,
} from "../events/stageflow-event";
import type { NewOutboxEvent, OutboxRecord } from "../records/outbox-record";

/** The fields of event `T` beyond the common ones, which `buildEvent` fills in. */
export type EventFields<T extends StageflowEventType> = Omit<
  EventOfType<T>,
  keyof EventBase | "type"
>;

/** What identifies the run an event belongs to. */
export interface EventRun {
  readonly id: string;
  readonly workflowId: string;
}

/**
 * Builds the event of type `type` about `run` at `now` (fields whose value is `undefined` are
 * dropped).
 */
export function buildEvent<T extends StageflowEventType>(
  type: T,
  run: EventRun,
  now: Date,
  fields: EventFields<T>,
): EventOfType<T> {
  const event: Record<string, unknown> = {
    type,
    workflowRunId: run.id,
    workflowId: run.workflowId,
    timestamp: now.toISOString(),
  };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) event[key] = value;
  return event as unknown as EventOfType<T>;
}

/** The outbox row that carries `event`. */
export function toOutboxEvent(event: StageflowEvent, now: Date): NewOutboxEvent {
  const { sequence: _sequence, ...payload } = event;
  return { workflowRunId: event.workflowRunId, type: event.type, payload, now };
}

/** Builds an event and its outbox row in one step. */
export function outboxEvent<T extends StageflowEventType>(
  type: T,
  run: EventRun,
  now: Date,
  fields: EventFields<T>,
): NewOutboxEvent {
  return toOutboxEvent(buildEvent(type, run, now, fields), now);
}

/** The event an outbox record carries, with its per-run `sequence`. */
export function eventFromOutbox(record: OutboxRecord): StageflowEvent {
  return { ...record.payload, sequence: record.sequence } as unknown as StageflowEvent;
}
