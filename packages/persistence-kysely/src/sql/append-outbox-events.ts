import type { NewOutboxEvent, OutboxRecord } from "@stageflow/kernel";
import { toJsonText } from "../codec/value-codec";
import { createId } from "../ids/create-id";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { pgNotify } from "./notify";

const EVENT_COLUMNS =
  "id, workflow_run_id, sequence, type, payload, status, retry_count, created_at";

/**
 * Appends outbox events with gapless per-run sequences. Each run's counter row in
 * `stageflow_outbox_sequences` is bumped by the number of its new events with an upsert, which
 * locks it until commit: concurrent appends for one run serialize, and a rollback returns the
 * numbers. Runs are locked in id order, so two multi-run appends cannot deadlock.
 */
/**
 * Postgres: the CTEs `counters` (each run's counter bumped by its number of new events, gated by
 * `where`) and `events` (the events numbered back from each new counter value), from `$first`
 * (8 parameters: run ids, counts, then per event: id, run id, distance from the run's last new
 * sequence, type, payload JSON, created at).
 */
export function pgEventInserts(first: number, where = ""): string {
  const arrays = (types: readonly string[], from: number): string =>
    types.map((type, i) => `$${first + from + i}::${type}[]`).join(", ");
  return pgEventInsertsFrom(
    `unnest(${arrays(COUNT_ROW_TYPES, 0)}) as t(run_id, n)`,
    `unnest(${arrays(EVENT_ROW_TYPES, 2)})
    as e(id, run_id, back, type, payload, created_at)`,
    where,
  );
}

/** Postgres types of a counter row: run id, number of new events. */
export const COUNT_ROW_TYPES = ["text", "int"];
/** Postgres types of an event row: id, run id, distance back, type, payload, created at. */
export const EVENT_ROW_TYPES = ["text", "text", "int", "text", "jsonb", "timestamptz"];

/**
 * The CTEs of {@link pgEventInserts} over any two relations: `counts` with columns (run_id, n),
 * `events` with columns (id, run_id, back, type, payload, created_at).
 */
export function pgEventInsertsFrom(counts: string, events: string, where = ""): string {
  return `counters as (
  insert into stageflow_outbox_sequences as s (workflow_run_id, last_sequence)
  select run_id, n from ${counts} ${where}
  on conflict (workflow_run_id) do update set last_sequence = s.last_sequence + excluded.last_sequence
  returning workflow_run_id, last_sequence
),
events as (
  insert into stageflow_outbox_events (${EVENT_COLUMNS})
  select e.id, e.run_id, c.last_sequence - e.back, e.type, e.payload, 'PENDING', 0, e.created_at
  from ${events}
  join counters as c on c.workflow_run_id = e.run_id
)`;
}

export const APPEND_OUTBOX_EVENTS_SQL = {
  /**
   * One statement: bump the counters, insert the events numbered back from each new counter value,
   * queue the `outbox` wake-up. Parameters: those of {@link pgEventInserts} from $1.
   */
  postgres: `with ${pgEventInserts(1)}
select workflow_run_id, last_sequence, ${pgNotify("outbox")} as notified from counters`,
  /** Parameters: JSON array of [run id, count]. */
  sqliteCounters: `insert into stageflow_outbox_sequences (workflow_run_id, last_sequence)
select value ->> 0, value ->> 1 from json_each(?) where true
on conflict (workflow_run_id) do update set last_sequence = last_sequence + excluded.last_sequence
returning workflow_run_id, last_sequence`,
  /** Parameters: JSON array of [id, run id, sequence, type, payload JSON, created at]. */
  sqliteEvents: `insert into stageflow_outbox_events (${EVENT_COLUMNS})
select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, 'PENDING', 0, value ->> 5
from json_each(?)`,
} as const;

/** New events ready to insert: their records (sequences still 0) and parameters. */
export interface EncodedEvents {
  readonly records: OutboxRecord[];
  readonly payloads: string[];
  /** Runs in id order (the lock order) and their number of new events. */
  readonly runIds: string[];
  readonly counts: Map<string, number>;
  /** Per event: how far before its run's last new sequence it lies. */
  readonly back: number[];
}

/** Encodes `events` for an append; validates every payload. */
export function encodeNewEvents(events: readonly NewOutboxEvent[]): EncodedEvents {
  const payloads = events.map((event) => toJsonText(event.payload, "outbox.payload") ?? "null");
  const counts = new Map<string, number>();
  for (const event of events) {
    counts.set(event.workflowRunId, (counts.get(event.workflowRunId) ?? 0) + 1);
  }
  const runIds = [...counts.keys()].sort();
  const seen = new Map<string, number>();
  const back = events.map((event) => {
    const index = seen.get(event.workflowRunId) ?? 0;
    seen.set(event.workflowRunId, index + 1);
    return (counts.get(event.workflowRunId) ?? 0) - 1 - index;
  });
  const records = events.map(
    (event, index): OutboxRecord => ({
      id: createId(),
      workflowRunId: event.workflowRunId,
      sequence: 0,
      type: event.type,
      payload: JSON.parse(payloads[index] as string) as Record<string, unknown>,
      status: "PENDING",
      retryCount: 0,
      lastError: null,
      nextAttemptAt: null,
      claimedBy: null,
      claimedUntil: null,
      createdAt: new Date(event.now.getTime()),
      publishedAt: null,
    }),
  );
  return { records, payloads, runIds, counts, back };
}

/** The parameters of {@link pgEventInserts} for `encoded`. */
export function pgEventParameters(encoded: EncodedEvents): unknown[] {
  const { records, payloads, runIds, counts, back } = encoded;
  return [
    runIds,
    runIds.map((id) => counts.get(id)),
    records.map((r) => r.id),
    records.map((r) => r.workflowRunId),
    back,
    records.map((r) => r.type),
    payloads,
    records.map((r) => r.createdAt),
  ];
}

/** Sets each record's sequence from its run's last new sequence (`last`). */
export function numberEvents(encoded: EncodedEvents, last: ReadonlyMap<string, number>): void {
  for (const [index, record] of encoded.records.entries()) {
    record.sequence = (last.get(record.workflowRunId) ?? 0) - (encoded.back[index] ?? 0);
  }
}

/** Runs {@link APPEND_OUTBOX_EVENTS_SQL}; returns the stored events in input order. */
export async function appendOutboxEvents(
  scope: Scope,
  events: readonly NewOutboxEvent[],
): Promise<OutboxRecord[]> {
  if (events.length === 0) return [];
  const { dialect, codec } = scope.context;
  const encoded = encodeNewEvents(events);
  const { records, payloads, runIds, counts } = encoded;
  const last = new Map<string, number>();
  if (dialect === "postgres") {
    const { rows } = await runSql<{ workflow_run_id: string; last_sequence: number }>(
      scope,
      APPEND_OUTBOX_EVENTS_SQL.postgres,
      pgEventParameters(encoded),
    );
    for (const row of rows) last.set(row.workflow_run_id, Number(row.last_sequence));
    numberEvents(encoded, last);
  } else {
    await scope.atomic(async (tx) => {
      const { rows } = await runSql<{ workflow_run_id: string; last_sequence: number }>(
        tx,
        APPEND_OUTBOX_EVENTS_SQL.sqliteCounters,
        [JSON.stringify(runIds.map((id) => [id, counts.get(id)]))],
      );
      for (const row of rows) last.set(row.workflow_run_id, Number(row.last_sequence));
      numberEvents(encoded, last);
      const values = records.map((record, index) => [
        record.id,
        record.workflowRunId,
        record.sequence,
        record.type,
        payloads[index],
        codec.timestamp(record.createdAt),
      ]);
      await runSql(tx, APPEND_OUTBOX_EVENTS_SQL.sqliteEvents, [JSON.stringify(values)]);
      tx.wake("outbox");
    });
  }
  return records;
}
