import type { StageflowDialect as Dialect } from "../database/stageflow-dialect";

/**
 * The hot reads of a stage job as constant SQL text (no Kysely query building per call):
 * a run or a job by id (Postgres: the run optionally `for update`) and a run's stages by group,
 * then stage id. Parameter: the id.
 */
export const READ_ROWS_SQL = {
  postgres: {
    run: `select * from stageflow_runs where id = $1`,
    runForUpdate: `select * from stageflow_runs where id = $1 for update`,
    job: `select * from stageflow_jobs where id = $1`,
    stagesByRun: `select * from stageflow_stages where workflow_run_id = $1 order by group_index, stage_id`,
  },
  sqlite: {
    run: `select * from stageflow_runs where id = ?`,
    runForUpdate: `select * from stageflow_runs where id = ?`,
    job: `select * from stageflow_jobs where id = ?`,
    stagesByRun: `select * from stageflow_stages where workflow_run_id = ? order by group_index, stage_id`,
  },
} as const satisfies Record<Dialect, Record<string, string>>;

/** {@link READ_ROWS_SQL} of `dialect`. */
export function readRowsSql(dialect: Dialect): (typeof READ_ROWS_SQL)[Dialect] {
  return dialect === "postgres" ? READ_ROWS_SQL.postgres : READ_ROWS_SQL.sqlite;
}
