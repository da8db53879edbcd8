import { type CreateRunInput, newRunRecord, type RunRecord } from "@stageflow/kernel";
import { toJsonText } from "../codec/value-codec";
import { createId } from "../ids/create-id";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { pgNotify } from "./notify";

const COLUMNS =
  "id, workflow_id, status, input, config, priority, metadata, traceparent, tracestate, total_cost, total_tokens, created_at, updated_at, version, budget_usd";

/**
 * Inserts one PENDING run (and, on Postgres, queues the `runs` wake-up in the same statement).
 * Parameters: id, workflow_id, input, config, priority, metadata, traceparent, tracestate, now,
 * budget_usd (SQLite: now twice, then budget_usd).
 */
export const CREATE_RUN_SQL = {
  postgres: `with inserted as (
  insert into stageflow_runs (${COLUMNS})
  values ($1, $2, 'PENDING', $3, $4, $5, $6, $7, $8, 0, 0, $9, $9, 1, $10)
)
select ${pgNotify("runs")}`,
  sqlite: `insert into stageflow_runs (${COLUMNS})
values (?, ?, 'PENDING', ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, 1, ?)`,
} as const;

/**
 * A new run's record (with a fresh id; its JSON fields as they will read back) and its first eight
 * insert parameters: id, workflow id, input, config, priority, metadata, traceparent, tracestate. Throws
 * `NotJsonSerializableError` for values JSON cannot represent, before anything is written.
 */
export function encodeNewRun(input: CreateRunInput): { run: RunRecord; values: unknown[] } {
  const inputText = toJsonText(input.input, "run.input");
  const configText = toJsonText(input.config, "run.config") ?? "null";
  const metadataText = toJsonText(input.metadata, "run.metadata");
  const run = newRunRecord(createId(), {
    ...input,
    input: inputText === null ? null : JSON.parse(inputText),
    config: JSON.parse(configText) as Record<string, unknown>,
    metadata: metadataText === null ? null : (JSON.parse(metadataText) as Record<string, unknown>),
  });
  return {
    run,
    values: [
      run.id,
      run.workflowId,
      inputText,
      configText,
      run.priority,
      metadataText,
      run.traceparent,
      run.tracestate,
    ],
  };
}

/** Runs {@link CREATE_RUN_SQL}; validates the JSON fields before writing. */
export async function createRun(scope: Scope, input: CreateRunInput): Promise<RunRecord> {
  const { dialect, codec } = scope.context;
  const { run, values: runValues } = encodeNewRun(input);
  const values = [...runValues, codec.timestamp(input.now)];
  const budget = run.budgetUsd;
  if (dialect === "postgres") await runSql(scope, CREATE_RUN_SQL.postgres, [...values, budget]);
  else await runSql(scope, CREATE_RUN_SQL.sqlite, [...values, values[8], budget]);
  scope.wake("runs");
  return run;
}
