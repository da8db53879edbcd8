import type { JobRecord, RunRecord, StageRecord } from "@stageflow/kernel";
import { toJobRecord } from "../codec/job-row";
import { toRunRecord } from "../codec/run-row";
import { toStageRecord } from "../codec/stage-row";
import { getJob } from "../persistence/job-operations";
import { getRun } from "../persistence/run-operations";
import { getStagesByRun } from "../persistence/stage-operations";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";

/**
 * Postgres: the run, the job and the run's stages (as `jsonb`) in one statement, one snapshot, no
 * locks. Parameters: run id, job id.
 */
export const GET_RUN_WITH_JOB_AND_STAGES_SQL = `select to_jsonb(r) as run,
  (select to_jsonb(j) from stageflow_jobs as j where j.id = $2) as job,
  (select coalesce(jsonb_agg(to_jsonb(s) order by s.group_index, s.stage_id), '[]'::jsonb)
     from stageflow_stages as s where s.workflow_run_id = $1) as stages
from stageflow_runs as r where r.id = $1`;

interface Row {
  run: Record<string, unknown>;
  job: Record<string, unknown> | null;
  stages: Record<string, unknown>[];
}

/** `Persistence.getRunWithJobAndStages`: one statement on Postgres, three reads on SQLite. */
export async function getRunWithJobAndStages(
  scope: Scope,
  workflowRunId: string,
  jobId: string,
): Promise<{ run: RunRecord | null; job: JobRecord | null; stages: StageRecord[] }> {
  if (scope.context.dialect !== "postgres") {
    const run = await getRun(scope, workflowRunId);
    if (run === null) return { run, job: null, stages: [] };
    return {
      run,
      job: await getJob(scope, jobId),
      stages: await getStagesByRun(scope, workflowRunId),
    };
  }
  const { codec } = scope.context;
  const { rows } = await runSql<Row>(scope, GET_RUN_WITH_JOB_AND_STAGES_SQL, [
    workflowRunId,
    jobId,
  ]);
  const row = rows[0];
  if (row === undefined) return { run: null, job: null, stages: [] };
  return {
    run: toRunRecord(row.run, codec),
    job: row.job === null ? null : toJobRecord(row.job, codec),
    stages: row.stages.map((stage) => toStageRecord(stage, codec)),
  };
}
