import { type JobRecord, type NewJob, newJobRecord } from "@stageflow/kernel";
import { toJsonText } from "../codec/value-codec";
import { createId } from "../ids/create-id";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { columnsOf } from "./columns-of";
import { pgNotify } from "./notify";

const COLUMNS =
  "id, workflow_run_id, workflow_id, stage_id, status, priority, attempt, max_attempts, payload, available_at, locked_by, locked_at, heartbeat_at, created_at, updated_at";

/** The columns of a relation of job rows to insert, in parameter order. */
export const JOB_ROW_COLUMNS =
  "id, run_id, workflow_id, stage_id, priority, attempt, max_attempts, payload, available_at, now, leased_to";

/**
 * The insert of the job rows of relation `input` ({@link JOB_ROW_COLUMNS}): PENDING, or RUNNING
 * and leased at `now` to `leased_to` when that is set. `where` filters the rows (or is empty).
 */
export function jobInsertFrom(input: string, where = ""): string {
  return `insert into stageflow_jobs (${COLUMNS})
select id, run_id, workflow_id, stage_id,
  case when leased_to is null then 'PENDING' else 'RUNNING' end, priority, attempt, max_attempts,
  payload, available_at, leased_to, case when leased_to is null then null else now end,
  case when leased_to is null then null else now end, now, now
from ${input} ${where}`;
}

/** Postgres types of a job row's columns ({@link JOB_ROW_COLUMNS}). */
export const JOB_ROW_TYPES = [
  "text",
  "text",
  "text",
  "text",
  "int",
  "int",
  "int",
  "jsonb",
  "timestamptz",
  "timestamptz",
  "text",
];

/** Postgres: the job rows as one array parameter per column, from `$first` (11 parameters). */
export function pgJobRows(first: number): string {
  const arrays = JOB_ROW_TYPES.map((type, i) => `$${first + i}::${type}[]`).join(", ");
  return `select * from unnest(${arrays})`;
}

/** Postgres: the `jobs` wake-up when a row of `inserted` (returning `status`) is PENDING. */
export function pgNotifyIfQueued(inserted: string): string {
  return `select ${pgNotify("jobs")} from ${inserted} where status = 'PENDING' limit 1`;
}

const pgInsert = (rows: string): string => `with input (${JOB_ROW_COLUMNS}) as (${rows}),
inserted as (
  ${jobInsertFrom("input")}
  returning status
)
${pgNotifyIfQueued("inserted")}`;

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
    many: pgInsert(pgJobRows(1)),
  },
  sqlite: {
    one: `with input (${JOB_ROW_COLUMNS}) as (select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
${jobInsertFrom("input")}`,
    many: `with input (${JOB_ROW_COLUMNS}) as (
  select j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5,
    j.value ->> 6, j.value ->> 7, j.value ->> 8, j.value ->> 9, j.value ->> 10
  from json_each(?) as j
)
${jobInsertFrom("input")}`,
  },
} as const;

/** The records `enqueueJobs` stores for `jobs` and their row values; validates every payload. */
export function encodeNewJobs(
  scope: Scope,
  jobs: readonly NewJob[],
): { records: JobRecord[]; rows: unknown[][] } {
  const { codec } = scope.context;
  const payloads = jobs.map((job) => toJsonText(job.payload ?? {}, "job.payload") ?? "{}");
  const records = jobs.map((job, index) =>
    newJobRecord(createId(), job, JSON.parse(payloads[index] as string) as Record<string, unknown>),
  );
  const rows = records.map((job, index) => [
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
  ]);
  return { records, rows };
}

/** Runs {@link ENQUEUE_JOBS_SQL}; validates every payload before writing anything. */
export async function enqueueJobs(scope: Scope, jobs: readonly NewJob[]): Promise<JobRecord[]> {
  if (jobs.length === 0) return [];
  const { dialect } = scope.context;
  const { records, rows } = encodeNewJobs(scope, jobs);
  const [first] = rows;
  if (rows.length === 1 && first) {
    const text =
      dialect === "postgres" ? ENQUEUE_JOBS_SQL.postgres.one : ENQUEUE_JOBS_SQL.sqlite.one;
    await runSql(scope, text, first);
  } else if (dialect === "postgres") {
    await runSql(scope, ENQUEUE_JOBS_SQL.postgres.many, columnsOf(rows, 11));
  } else {
    await runSql(scope, ENQUEUE_JOBS_SQL.sqlite.many, [JSON.stringify(rows)]);
  }
  if (records.some((job) => job.status === "PENDING")) scope.wake("jobs");
  return records;
}
