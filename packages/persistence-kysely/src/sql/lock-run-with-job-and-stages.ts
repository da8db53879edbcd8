import type { JobRecord, RunRecord, StageRecord } from "@stageflow/kernel";
import { toJobRecord } from "../codec/job-row";
import { toRunRecord } from "../codec/run-row";
import { toStageRecord } from "../codec/stage-row";
import { readNumber } from "../codec/value-codec";
import { getJob } from "../persistence/job-operations";
import { getRun } from "../persistence/run-operations";
import { getStagesByRun } from "../persistence/stage-operations";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";

/**
 * Postgres: locks the run and reads it, the job and the run's stages (as `jsonb`) in one
 * statement. `seen_version` is the run's version in the statement's snapshot: when it differs
 * from the locked row's, the run changed while the statement waited for the lock, and the job
 * and stages (read in the older snapshot) are read again.
 */
export const LOCK_RUN_WITH_JOB_AND_STAGES_SQL = `with locked as (
  select * from stageflow_runs where id = $1 for update
)
select to_jsonb(locked) as run,
  (select r.version from stageflow_runs as r where r.id = $1) as seen_version,
  (select to_jsonb(j) from stageflow_jobs as j where j.id = $2) as job,
  (select coalesce(jsonb_agg(to_jsonb(s) order by s.group_index, s.stage_id), '[]'::jsonb)
     from stageflow_stages as s where s.workflow_run_id = $1) as stages
from locked`;

interface LockedRow {
  run: Record<string, unknown>;
  seen_version: unknown;
  job: Record<string, unknown> | null;
  stages: Record<string, unknown>[];
}

/** `Persistence.lockRunWithJobAndStages`: one statement on Postgres, three reads on SQLite. */
export async function lockRunWithJobAndStages(
  scope: Scope,
  workflowRunId: string,
  jobId: string,
): Promise<{ run: RunRecord | null; job: JobRecord | null; stages: StageRecord[] }> {
  const { codec } = scope.context;
  if (scope.context.dialect !== "postgres") {
    const run = await getRun(scope, workflowRunId, { forUpdate: true });
    if (run === null) return { run, job: null, stages: [] };
    return {
      run,
      job: await getJob(scope, jobId),
      stages: await getStagesByRun(scope, workflowRunId),
    };
  }
  const { rows } = await runSql<LockedRow>(scope, LOCK_RUN_WITH_JOB_AND_STAGES_SQL, [
    workflowRunId,
    jobId,
  ]);
  const row = rows[0];
  if (row === undefined) return { run: null, job: null, stages: [] };
  const run = toRunRecord(row.run, codec);
  if (readNumber(row.seen_version) !== run.version) {
    return {
      run,
      job: await getJob(scope, jobId),
      stages: await getStagesByRun(scope, workflowRunId),
    };
  }
  return {
    run,
    job: row.job === null ? null : toJobRecord(row.job, codec),
    stages: row.stages.map((stage) => toStageRecord(stage, codec)),
  };
}
