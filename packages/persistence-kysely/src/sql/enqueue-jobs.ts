import { type JobRecord, type NewJob, newJobRecord } from "@stageflow/kernel";
import { toJsonText } from "../codec/value-codec";
import { createId } from "../ids/create-id";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { pgNotify } from "./notify";

const COLUMNS =
  "id, workflow_run_id, workflow_id, stage_id, status, priority, attempt, max_attempts, payload, available_at, locked_by, locked_at, heartbeat_at, created_at, updated_at";

/** The inserted values, from a relation `input` with one column per parameter. */
const SELECT_INPUT = `select id, run_id, workflow_id, stage_id,
  case when leased_to is null then 'PENDING' else 'RUNNING' end, priority, attempt, max_attempts,
  payload, available_at, leased_to, case when leased_to is null then null else now end,
  case when leased_to is null then null else now end, now, now
from input`;

const INPUT_COLUMNS =
  "id, run_id, workflow_id, stage_id, priority, attempt, max_attempts, payload, available_at, now, leased_to";

/** Postgres: the insert, then the `jobs` wake-up when at least one inserted job is PENDING. */
const pgInsert = (input: string): string => `with input (${INPUT_COLUMNS}) as (${input}),
inserted as (
  insert into stageflow_jobs (${COLUMNS})
  ${SELECT_INPUT}
  returning status
)
select ${pgNotify("jobs")} from (select 1 from inserted where status = 'PENDING' limit 1) as queued`;

/**
 * Inserts jobs in one statement: PENDING, or RUNNING and leased at `now` to `leased_to` when that
 * is set. On Postgres it queues the `jobs` wake-up (delivered at commit) when any job is PENDING.
 * `one` takes a single job as plain parameters; `many` takes one array per column (Postgres
 * `unnest`) or one JSON array of rows (SQLite `json_each`), so the SQL text never varies.
 * Parameters, in order: id, run id, workflow id, stage id, priority, attempt, max attempts,
 * payload JSON, available at, now, leased to.
 */
export const ENQUEUE_JOBS_SQL = {
  postgres: {
    one: pgInsert(
      `select $1::text, $2::text, $3::text, $4::text, $5::int, $6::int, $7::int, $8::jsonb,
    $9::timestamptz, $10::timestamptz, $11::text`,
    ),
    many: pgInsert(
      `select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[],
    $7::int[], $8::jsonb[], $9::timestamptz[], $10::timestamptz[], $11::text[])`,
    ),
  },
  sqlite: {
    one: `with input (${INPUT_COLUMNS}) as (select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
insert into stageflow_jobs (${COLUMNS})
${SELECT_INPUT}`,
    many: `with input (${INPUT_COLUMNS}) as (
  select j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5,
    j.value ->> 6, j.value ->> 7, j.value ->> 8, j.value ->> 9, j.value ->> 10
  from json_each(?) as j
)
insert into stageflow_jobs (${COLUMNS})
${SELECT_INPUT}`,
  },
} as const;

/** Runs {@link ENQUEUE_JOBS_SQL}; validates every payload before writing anything. */
export async function enqueueJobs(scope: Scope, jobs: readonly NewJob[]): Promise<JobRecord[]> {
  if (jobs.length === 0) return [];
  const { dialect, codec } = scope.context;
  const payloads = jobs.map((job) => toJsonText(job.payload ?? {}, "job.payload") ?? "{}");
  const records = jobs.map((job, index) =>
    newJobRecord(createId(), job, JSON.parse(payloads[index] as string) as Record<string, unknown>),
  );
  const row = (job: JobRecord, index: number) => [
    job.id,
    job.workflowRunId,
    job.workflowId,
    job.stageId,
    job.priority,
    job.attempt,
    job.maxAttempts,
    payloads[index],
    codec.timestamp(job.availableAt),
    codec.timestamp(job.createdAt),
    job.lockedBy,
  ];
  const [first] = records;
  if (records.length === 1 && first) {
    const values = row(first, 0);
    if (dialect === "postgres") await runSql(scope, ENQUEUE_JOBS_SQL.postgres.one, values);
    else await runSql(scope, ENQUEUE_JOBS_SQL.sqlite.one, values);
  } else if (dialect === "postgres") {
    const rows = records.map(row);
    const columns = Array.from({ length: 11 }, (_, column) => rows.map((r) => r[column]));
    await runSql(scope, ENQUEUE_JOBS_SQL.postgres.many, columns);
  } else {
    await runSql(scope, ENQUEUE_JOBS_SQL.sqlite.many, [JSON.stringify(records.map(row))]);
  }
  if (records.some((job) => job.status === "PENDING")) scope.wake("jobs");
  return records;
}
