import { BLOB_ON_CONFLICT } from "../blob-store/blob-sql";
import {
  COUNT_ROW_TYPES,
  EVENT_ROW_TYPES,
  encodeNewEvents,
  pgEventInsertsFrom,
} from "../sql/append-outbox-events";
import { STAGE_ROW_TYPES, stageInsertFrom } from "../sql/create-stages";
import {
  JOB_ROW_COLUMNS,
  JOB_ROW_TYPES,
  jobInsertFrom,
  pgNotifyIfQueued,
} from "../sql/enqueue-jobs";
import { pgNotify } from "../sql/notify";
import type { CommitPlan, PlannedUpdate } from "./commit-plan";

/** The statement of a {@link CommitPlan} and its parameters. */
export interface CommitPlanStatement {
  readonly text: string;
  readonly values: unknown[];
}

/** Gates a write on the run's guard: written only when the run was locked at the planned version. */
const IF_OK = "exists (select 1 from run_lock)";

/**
 * Postgres: ONE statement that applies `plan` only if the run is still RUNNING at the snapshot's
 * version, the job still RUNNING and leased to the planning worker, and the stage still at the
 * snapshot's version. The run row is locked first, by id (`for update` waits for a concurrent
 * writer and then returns the newest row version), as every transaction of the kernel locks it
 * first; `run_lock` is that row when it is still RUNNING at the planned version, and every write
 * is gated on it: when the run changed, nothing is written and `ok` is 0. The job and the stage
 * are guarded by their own updates' conditions; when one of them misses, or any other write does
 * (a next-group stage that exists already), a division by zero aborts the statement so that
 * nothing of it commits. The text depends only on the plan's shape (which writes, which
 * columns, whether it notifies), so it is prepared once per shape.
 */
export function commitPlanStatement(plan: CommitPlan): CommitPlanStatement {
  const values: unknown[] = [];
  const param = (value: unknown): string => `$${values.push(value)}`;
  const ctes: string[] = [];
  const checks: string[] = [];

  // Locked by id alone (the primary key, whatever the statistics say), then checked.
  ctes.push(`run_row as materialized (
  select version, status from stageflow_runs where id = ${param(plan.runId)} for update
)`);
  // A plan that does not complete the job still needs its lease (read, as a transaction would).
  const lease = plan.job
    ? ""
    : `
    and exists (select 1 from stageflow_jobs where id = ${param(plan.jobLease.id)} and status = 'RUNNING' and locked_by = ${param(plan.jobLease.workerId)})`;
  ctes.push(`run_lock as materialized (
  select 1 from run_row where version = ${param(plan.runVersion)} and status = 'RUNNING'${lease}
)`);

  plan.blobs.forEach((blob, i) => {
    ctes.push(`blob_${i} as (
  insert into stageflow_blobs (key, value, size_bytes)
  select ${param(blob.key)}, ${param(blob.text)}, ${param(blob.sizeBytes)} where ${IF_OK}
  ${BLOB_ON_CONFLICT}
)`);
  });
  if (plan.job) {
    ctes.push(`job_done as (
  update stageflow_jobs set status = 'COMPLETED', updated_at = ${param(plan.job.at)}
  where id = ${param(plan.job.id)} and status = 'RUNNING' and locked_by = ${param(plan.job.workerId)} and ${IF_OK}
  returning 1
)`);
    checks.push("(select count(*) from job_done) = 1");
  }
  if (plan.stage) {
    const guard = `version = ${param(plan.stage.version)}`;
    ctes.push(`stage_done as (${updateRow("stageflow_stages", plan.stage, param, guard)})`);
    checks.push("(select count(*) from stage_done) = 1");
  }
  if (plan.run) {
    ctes.push(`run_done as (${updateRow("stageflow_runs", plan.run, param)})`);
    checks.push("(select count(*) from run_done) = 1");
  }
  // The planner takes an insert only with stages and jobs in it.
  if (plan.insert) {
    const stageRows = rowValues(plan.insert.stages.rows, STAGE_ROW_TYPES, param);
    ctes.push(`stage_input as (
  select * from (${stageRows}) as t(id, run_id, stage_id, stage_name, group_index, now, started_at)
  where ${IF_OK}
)`);
    ctes.push(`stage_rows as (\n  ${stageInsertFrom("stage_input")}\n  returning 1\n)`);
    const count = param(plan.insert.stages.records.length);
    checks.push(`(select count(*) from stage_rows) = ${count}`);
    const jobRows = rowValues(plan.insert.jobs.rows, JOB_ROW_TYPES, param);
    ctes.push(`job_input (${JOB_ROW_COLUMNS}) as (${jobRows})`);
    ctes.push(`job_rows as (
  ${jobInsertFrom("job_input", `where (select count(*) from stage_rows) = ${count}`)}
  returning status
)`);
  }
  const hasEvents = plan.events.length > 0;
  if (hasEvents) {
    const { records, payloads, runIds, counts, back } = encodeNewEvents(plan.events);
    const countRows = runIds.map((id) => [id, counts.get(id)]);
    const eventRows = records.map((r, i) => [
      r.id,
      r.workflowRunId,
      back[i],
      r.type,
      payloads[i],
      r.createdAt,
    ]);
    ctes.push(
      pgEventInsertsFrom(
        `(${rowValues(countRows, COUNT_ROW_TYPES, param)}) as t(run_id, n)`,
        `(${rowValues(eventRows, EVENT_ROW_TYPES, param)}) as e(id, run_id, back, type, payload, created_at)`,
        `where ${IF_OK}`,
      ),
    );
  }

  const allApplied = checks.length === 0 ? "true" : checks.join(" and ");
  const columns = [
    "(select count(*)::int from run_lock) as ok",
    `1 / (case when not ${IF_OK} or (${allApplied}) then 1 else 0 end) as applied`,
  ];
  if (hasEvents && wakesOutbox(plan)) {
    columns.push(`(select ${pgNotify("outbox")} from counters limit 1) as outbox_notified`);
  }
  if (plan.insert) {
    columns.push(`(${pgNotifyIfQueued("job_rows")}) as jobs_notified`);
  }
  return { text: `with ${ctes.join(",\n")}\nselect ${columns.join(",\n  ")}`, values };
}

/** Run statuses that end a run: a commit writing one wakes outbox subscribers in every mode. */
const RUN_ENDS = new Set<unknown>(["COMPLETED", "FAILED", "CANCELLED"]);

/**
 * Whether the statement notifies outbox subscribers (`NOTIFY`, which makes Postgres serialize
 * committing transactions on one server-wide lock): for every plan with events, or with
 * `outboxWakeup: "runEnd"` only for one that ends its run (waiters for its result are woken).
 */
function wakesOutbox(plan: CommitPlan): boolean {
  return plan.outboxWakeup === "always" || RUN_ENDS.has(plan.run?.set.get("status"));
}

/**
 * `values (…), (…)` of `rows`, one typed parameter per value. Postgres plans and runs a list of
 * rows more cheaply than the same rows as arrays through `unnest` (measured on the completion
 * statement: bind 0.31 → 0.24 ms, execution 0.56 → 0.45 ms).
 */
function rowValues(
  rows: readonly (readonly unknown[])[],
  types: readonly string[],
  param: (value: unknown) => string,
): string {
  const tuples = rows.map(
    (row) => `(${row.map((value, i) => `${param(value)}::${types[i]}`).join(", ")})`,
  );
  return `values ${tuples.join(", ")}`;
}

/** `update <table> set <columns>, version = version + <bumps> where id = … and <guards> returning 1`. */
function updateRow(
  table: "stageflow_runs" | "stageflow_stages",
  update: PlannedUpdate,
  param: (value: unknown) => string,
  guard = "true",
): string {
  const assignments = [...update.set].map(([column, value]) => `${column} = ${param(value)}`);
  return `
  update ${table} set ${assignments.join(", ")}, version = version + ${update.bumps}
  where id = ${param(update.id)} and ${guard} and ${IF_OK} returning 1
`;
}
