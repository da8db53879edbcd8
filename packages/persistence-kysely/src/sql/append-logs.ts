import type { NewLogRecord } from "@stageflow/kernel";
import { toJsonText } from "../codec/value-codec";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { columnsOf } from "./columns-of";

const COLUMNS = "workflow_run_id, stage_id, stage_record_id, level, message, meta, created_at";

/**
 * Inserts log lines in one statement, in input order (the identity `id` records that order).
 * Parameters: one array per column (Postgres) or one JSON array of rows (SQLite).
 */
export const APPEND_LOGS_SQL = {
  postgres: `insert into stageflow_logs (${COLUMNS})
select run_id, stage_id, stage_record_id, level, message, meta, created_at
from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::timestamptz[])
  with ordinality as t(run_id, stage_id, stage_record_id, level, message, meta, created_at, n)
order by n`,
  sqlite: `insert into stageflow_logs (${COLUMNS})
select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6
from json_each(?) order by key`,
} as const;

/** Runs {@link APPEND_LOGS_SQL}; validates every `meta` before writing anything. */
export async function appendLogs(scope: Scope, entries: readonly NewLogRecord[]): Promise<void> {
  if (entries.length === 0) return;
  const { dialect, codec } = scope.context;
  const rows = entries.map((entry) => [
    entry.workflowRunId,
    entry.stageId,
    entry.stageRecordId,
    entry.level,
    entry.message,
    toJsonText(entry.meta, "log.meta"),
    codec.timestamp(entry.createdAt),
  ]);
  if (dialect === "postgres") {
    await runSql(scope, APPEND_LOGS_SQL.postgres, columnsOf(rows, 7));
  } else {
    await runSql(scope, APPEND_LOGS_SQL.sqlite, [JSON.stringify(rows)]);
  }
}
