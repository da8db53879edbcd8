import type { CreateRunInput, NewOutboxEvent, RunRecord } from "@stageflow/kernel";
import { toJsonText } from "../codec/value-codec";
import { createId } from "../ids/create-id";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { encodeNewRun } from "./create-run";
import { pgNotify } from "./notify";

const RUN_COLUMNS =
  "id, workflow_id, status, input, config, priority, metadata, traceparent, tracestate, total_cost, total_tokens, created_at, updated_at, version, budget_usd";
const EVENT_COLUMNS =
  "id, workflow_run_id, sequence, type, payload, status, retry_count, created_at";
const KEY_COLUMNS = "key, command_type, status, result, locked_at, created_at, updated_at";

/**
 * The run, its first event and its sequence counter, inserted only when `gate` returns a row.
 * Parameters: $1 run id, $2 workflow id, $3 input, $4 config, $5 priority, $6 metadata,
 * $7 traceparent, $8 tracestate, $9 now, $10 event id, $11 event type, $12 event payload; the
 * run's budget_usd is the parameter named by `budgetParameter` (the last one of each variant).
 */
function postgresInserts(gate: string, budgetParameter: string): string {
  return `run as (
  insert into stageflow_runs (${RUN_COLUMNS})
  select $1, $2, 'PENDING', $3, $4, $5, $6, $7, $8, 0, 0, $9, $9, 1, ${budgetParameter}::double precision ${gate}
  returning id
),
counter as (
  insert into stageflow_outbox_sequences (workflow_run_id, last_sequence) select id, 1 from run
),
event as (
  insert into stageflow_outbox_events (${EVENT_COLUMNS})
  select $10, id, 1, $11, $12, 'PENDING', 0, $9 from run
)
select count(*)::int as created, ${pgNotify("runs")} as runs_notified, ${pgNotify("outbox")} as outbox_notified
from run`;
}

/**
 * `Persistence.createRunWithEvent` as ONE statement on Postgres (an autocommitted write, one round
 * trip): the idempotency key is inserted COMPLETED with the result, and the run, its counter row
 * and its first event are inserted only when that insert returned a row — a key that exists in
 * any state makes the statement write nothing. The `runs` and `outbox` wake-ups are queued in the
 * same statement.
 */
export const CREATE_RUN_WITH_EVENT_SQL = {
  postgres: {
    /** Further parameter: $13 budget_usd. */
    plain: `with ${postgresInserts("", "$13")}`,
    /** Further parameters: $13 key, $14 command type, $15 result, $16 budget_usd. */
    keyed: `with taken as (
  insert into stageflow_idempotency_keys (${KEY_COLUMNS})
  values ($13, $14, 'COMPLETED', $15, $9, $9, $9)
  on conflict (key, command_type) do nothing
  returning 1
),
${postgresInserts("where exists (select 1 from taken)", "$16")}`,
  },
  /** Parameters: key, command type, result, now, now, now. */
  sqliteKey: `insert into stageflow_idempotency_keys (${KEY_COLUMNS})
values (?, ?, 'COMPLETED', ?, ?, ?, ?)
on conflict (key, command_type) do nothing
returning 1 as taken`,
  /** Parameters: run id, workflow id, input, config, priority, metadata, traceparent, tracestate, now, now, budget_usd. */
  sqliteRun: `insert into stageflow_runs (${RUN_COLUMNS})
values (?, ?, 'PENDING', ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, 1, ?)`,
  /** Parameters: run id. */
  sqliteCounter:
    "insert into stageflow_outbox_sequences (workflow_run_id, last_sequence) values (?, 1)",
  /** Parameters: event id, run id, type, payload, now. */
  sqliteEvent: `insert into stageflow_outbox_events (${EVENT_COLUMNS})
values (?, ?, 1, ?, ?, 'PENDING', 0, ?)`,
} as const;

/** Options of {@link createRunWithEvent}, as the `Persistence` port defines them. */
export interface CreateRunWithEventOptions {
  readonly firstEvent: (run: RunRecord) => NewOutboxEvent;
  readonly idempotency?: {
    readonly key: string;
    readonly commandType: string;
    readonly result: (run: RunRecord) => unknown;
  };
}

/**
 * Runs {@link CREATE_RUN_WITH_EVENT_SQL}: one statement on Postgres, one short write transaction
 * on SQLite. Every JSON value is checked before anything is written. Returns `null` (nothing
 * written) when the idempotency key already exists.
 */
export async function createRunWithEvent(
  scope: Scope,
  input: CreateRunInput,
  options: CreateRunWithEventOptions,
): Promise<RunRecord | null> {
  const { dialect, codec } = scope.context;
  const { run, values: runValues } = encodeNewRun(input);
  const event = options.firstEvent(run);
  const payloadText = toJsonText(event.payload, "outbox.payload") ?? "null";
  const { idempotency } = options;
  const resultText =
    idempotency === undefined
      ? null
      : (toJsonText(idempotency.result(run), "idempotency.result") ?? "null");
  const now = codec.timestamp(input.now);

  if (dialect === "postgres") {
    const values = [...runValues, now, createId(), event.type, payloadText];
    const { rows } =
      idempotency === undefined
        ? await runSql<{ created: number }>(scope, CREATE_RUN_WITH_EVENT_SQL.postgres.plain, [
            ...values,
            run.budgetUsd,
          ])
        : await runSql<{ created: number }>(scope, CREATE_RUN_WITH_EVENT_SQL.postgres.keyed, [
            ...values,
            idempotency.key,
            idempotency.commandType,
            resultText,
            run.budgetUsd,
          ]);
    return Number(rows[0]?.created ?? 0) === 1 ? run : null;
  }
  return scope.atomic(async (tx) => {
    if (idempotency !== undefined) {
      const taken = await runSql(tx, CREATE_RUN_WITH_EVENT_SQL.sqliteKey, [
        idempotency.key,
        idempotency.commandType,
        resultText,
        now,
        now,
        now,
      ]);
      if (taken.rows.length === 0) return null;
    }
    await runSql(tx, CREATE_RUN_WITH_EVENT_SQL.sqliteRun, [...runValues, now, now, run.budgetUsd]);
    await runSql(tx, CREATE_RUN_WITH_EVENT_SQL.sqliteCounter, [run.id]);
    await runSql(tx, CREATE_RUN_WITH_EVENT_SQL.sqliteEvent, [
      createId(),
      run.id,
      event.type,
      payloadText,
      now,
    ]);
    tx.wake("runs");
    tx.wake("outbox");
    return run;
  });
}
