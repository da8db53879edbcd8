import type { StageProgressWrite } from "@stageflow/kernel";
import { toJsonText } from "../codec/value-codec";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";

/**
 * Stores a running attempt's progress: the `progress` column only (no `version`, no
 * `updated_at`), and only while the stage is RUNNING with that attempt and its job is RUNNING and
 * leased to that worker. Parameters: progress (JSON text), stage record id, attempt, job id,
 * worker id.
 */
export const RECORD_STAGE_PROGRESS_SQL = {
  postgres: `update stageflow_stages set progress = $1::jsonb
where id = $2 and status = 'RUNNING' and attempt = $3
and exists (select 1 from stageflow_jobs where id = $4 and status = 'RUNNING' and locked_by = $5)`,
  sqlite: `update stageflow_stages set progress = ?
where id = ? and status = 'RUNNING' and attempt = ?
and exists (select 1 from stageflow_jobs where id = ? and status = 'RUNNING' and locked_by = ?)`,
} as const;

/** Runs {@link RECORD_STAGE_PROGRESS_SQL}; true when the progress was stored. */
export async function recordStageProgress(
  scope: Scope,
  write: StageProgressWrite,
): Promise<boolean> {
  const text =
    scope.context.dialect === "postgres"
      ? RECORD_STAGE_PROGRESS_SQL.postgres
      : RECORD_STAGE_PROGRESS_SQL.sqlite;
  const result = await runSql(scope, text, [
    toJsonText(write.progress, "stage.progress"),
    write.stageRecordId,
    write.attempt,
    write.jobId,
    write.workerId,
  ]);
  return (result.numAffectedRows ?? 0n) > 0n;
}
