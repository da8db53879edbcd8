import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";

/**
 * Marks one RUNNING job COMPLETED in one statement; `byWorker` also requires the lease holder.
 * Parameters: id, now[, worker id].
 */
export const COMPLETE_JOB_SQL = {
  postgres: {
    any: `update stageflow_jobs set status = 'COMPLETED', updated_at = $2 where id = $1 and status = 'RUNNING'`,
    byWorker: `update stageflow_jobs set status = 'COMPLETED', updated_at = $2 where id = $1 and status = 'RUNNING' and locked_by = $3`,
  },
  sqlite: {
    any: `update stageflow_jobs set status = 'COMPLETED', updated_at = ? where id = ? and status = 'RUNNING'`,
    byWorker: `update stageflow_jobs set status = 'COMPLETED', updated_at = ? where id = ? and status = 'RUNNING' and locked_by = ?`,
  },
} as const;

/** Runs {@link COMPLETE_JOB_SQL}; true when the job was RUNNING (for `workerId`, if given). */
export async function completeJob(
  scope: Scope,
  id: string,
  now: Date,
  workerId: string | undefined,
): Promise<boolean> {
  const { dialect, codec } = scope.context;
  const at = codec.timestamp(now);
  const statements = dialect === "postgres" ? COMPLETE_JOB_SQL.postgres : COMPLETE_JOB_SQL.sqlite;
  const parameters = dialect === "postgres" ? [id, at] : [at, id];
  const result =
    workerId === undefined
      ? await runSql(scope, statements.any, parameters)
      : await runSql(scope, statements.byWorker, [...parameters, workerId]);
  return (result.numAffectedRows ?? 0n) > 0n;
}
