import type { JobRecord, NewJob } from "@stageflow/kernel";
import { toJsonText } from "../codec/value-codec";
import { createId } from "../ids/create-id";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { pgNotify } from "./notify";

const COLUMNS =
  "id, workflow_run_id, workflow_id, stage_id, status, priority, attempt, max_attempts, payload, available_at, created_at, updated_at";

/**
 * Inserts PENDING jobs in one statement and, on Postgres, queues the `jobs` wake-up (delivered
 * at commit). `one` takes a single job as plain parameters; `many` takes one array per column
 * (Postgres `unnest`) or one JSON array of rows (SQLite `json_each`), so the SQL text never varies.
 * Parameters: id, run id, workflow id, stage id, priority, attempt, max attempts, payload JSON,
 * available at, now.
 */
export const ENQUEUE_JOBS_SQL = {
  postgres: {
    one: `with inserted as (
  insert into stageflow_jobs (${COLUMNS})
  values ($1, $2, $3, $4, 'PENDING', $5, $6, $7, $8, $9, $10, $10)
)
select ${pgNotify("jobs")}`,
    many: `with inserted as (
  insert into stageflow_jobs (${COLUMNS})
  select id, run_id, workflow_id, stage_id, 'PENDING', priority, attempt, max_attempts, payload, available_at, now, now
  from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::jsonb[], $9::timestamptz[], $10::timestamptz[])
    as t(id, run_id, workflow_id, stage_id, priority, attempt, max_attempts, payload, available_at, now)
)
select ${pgNotify("jobs")}`,
  },
  sqlite: {
    one: `insert into stageflow_jobs (${COLUMNS})
values (?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?, ?)`,
    many: `insert into stageflow_jobs (${COLUMNS})
select j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, 'PENDING', j.value ->> 4, j.value ->> 5,
  j.value ->> 6, j.value ->> 7, j.value ->> 8, j.value ->> 9, j.value ->> 9
from json_each(?) as j`,
  },
} as const;

/** Runs {@link ENQUEUE_JOBS_SQL}; validates every payload before writing anything. */
export async function enqueueJobs(scope: Scope, jobs: readonly NewJob[]): Promise<JobRecord[]> {
  if (jobs.length === 0) return [];
  const { dialect, codec } = scope.context;
  const payloads = jobs.map((job) => toJsonText(job.payload ?? {}, "job.payload") ?? "{}");
  const records = jobs.map((job, index): JobRecord => {
    const now = new Date(job.now.getTime());
    return {
      id: createId(),
      workflowRunId: job.workflowRunId,
      workflowId: job.workflowId,
      stageId: job.stageId,
      status: "PENDING",
      priority: job.priority,
      attempt: job.attempt,
      maxAttempts: job.maxAttempts,
      payload: JSON.parse(payloads[index] as string) as Record<string, unknown>,
      availableAt: new Date((job.availableAt ?? job.now).getTime()),
      lockedBy: null,
      lockedAt: null,
      heartbeatAt: null,
      lastError: null,
      createdAt: now,
      updatedAt: new Date(now.getTime()),
    };
  });
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
  ];
  const [first] = records;
  if (records.length === 1 && first) {
    const values = row(first, 0);
    if (dialect === "postgres") await runSql(scope, ENQUEUE_JOBS_SQL.postgres.one, values);
    else await runSql(scope, ENQUEUE_JOBS_SQL.sqlite.one, [...values, values[9]]);
  } else if (dialect === "postgres") {
    const rows = records.map(row);
    const columns = Array.from({ length: 10 }, (_, column) => rows.map((r) => r[column]));
    await runSql(scope, ENQUEUE_JOBS_SQL.postgres.many, columns);
  } else {
    await runSql(scope, ENQUEUE_JOBS_SQL.sqlite.many, [JSON.stringify(records.map(row))]);
  }
  scope.wake("jobs");
  return records;
}
