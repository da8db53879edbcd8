import {
  type CreateStageInput,
  type JobRecord,
  type NewJob,
  type NewOutboxEvent,
  type OutboxRecord,
  StageAlreadyExistsError,
  type StageRecord,
} from "@stageflow/kernel";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import {
  appendOutboxEvents,
  encodeNewEvents,
  numberEvents,
  pgEventInserts,
  pgEventParameters,
} from "./append-outbox-events";
import { columnsOf } from "./columns-of";
import { createStages, encodeNewStages, pgStageRows, stageInsertFrom } from "./create-stages";
import {
  encodeNewJobs,
  enqueueJobs,
  JOB_ROW_COLUMNS,
  jobInsertFrom,
  pgJobRows,
  pgNotifyIfQueued,
} from "./enqueue-jobs";
import { pgNotify } from "./notify";

/** Written only when every stage row was inserted ($8 is the number of stages). */
const ALL_STAGES_IN = "where (select count(*) from stage_rows) = $8";

/**
 * `Persistence.insertStagesJobsAndEvents` on Postgres, ONE statement: the stages all or nothing
 * (the jobs, counters and events are written only when every stage row went in), the jobs, the
 * events with their gapless sequences, and the `jobs` (when a job is PENDING) and `outbox`
 * wake-ups. Parameters: the 7 stage arrays, the stage count, the 11 job arrays, the 8 event
 * parameters of `pgEventInserts`.
 */
export const INSERT_STAGES_JOBS_AND_EVENTS_SQL = `with stage_input as (
  ${pgStageRows(1)}
),
stage_rows as (
  ${stageInsertFrom("stage_input")}
  returning 1
),
job_input (${JOB_ROW_COLUMNS}) as (${pgJobRows(9)}),
job_rows as (
  ${jobInsertFrom("job_input", ALL_STAGES_IN)}
  returning status
),
${pgEventInserts(20, ALL_STAGES_IN)}
select (select count(*)::int from stage_rows) as stages,
  (select coalesce(json_object_agg(workflow_run_id, last_sequence), '{}') from counters) as counters,
  (${pgNotifyIfQueued("job_rows")}) as jobs_notified,
  (select ${pgNotify("outbox")} from counters limit 1) as outbox_notified`;

/** What to insert with {@link insertStagesJobsAndEvents}. */
export interface StagesJobsAndEvents {
  readonly stages: readonly CreateStageInput[];
  readonly jobs: readonly NewJob[];
  readonly events: readonly NewOutboxEvent[];
}

/**
 * Inserts stages, jobs and outbox events as `createStages`, `enqueueJobs` and
 * `appendOutboxEvents` would, in that order: on Postgres in one statement, on SQLite (no round
 * trips to save) with those three calls. A duplicate stage throws `StageAlreadyExistsError` and
 * writes nothing.
 */
export async function insertStagesJobsAndEvents(
  scope: Scope,
  input: StagesJobsAndEvents,
): Promise<{ stages: StageRecord[]; jobs: JobRecord[]; events: OutboxRecord[] }> {
  if (scope.context.dialect !== "postgres" || input.stages.length === 0) {
    return scope.atomic(async (tx) => ({
      stages: await createStages(tx, input.stages),
      jobs: await enqueueJobs(tx, input.jobs),
      events: await appendOutboxEvents(tx, input.events),
    }));
  }
  const stages = encodeNewStages(scope, input.stages);
  const jobs = encodeNewJobs(scope, input.jobs);
  const events = encodeNewEvents(input.events);
  const { rows } = await runSql<{ stages: number; counters: Record<string, number> }>(
    scope,
    INSERT_STAGES_JOBS_AND_EVENTS_SQL,
    [
      ...columnsOf(stages.rows, 7),
      stages.records.length,
      ...columnsOf(jobs.rows, 11),
      ...pgEventParameters(events),
    ],
  );
  const [row] = rows;
  if (row === undefined || Number(row.stages) !== stages.records.length) {
    const first = input.stages[0] as CreateStageInput;
    throw new StageAlreadyExistsError(first.workflowRunId, first.stageId);
  }
  numberEvents(events, new Map(Object.entries(row.counters).map(([id, n]) => [id, Number(n)])));
  return { stages: stages.records, jobs: jobs.records, events: events.records };
}
