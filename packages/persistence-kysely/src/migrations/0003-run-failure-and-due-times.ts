import { type Kysely, type Migration, sql } from "kysely";
import type { StageflowDialect } from "../database/stageflow-dialect";
import { columnTypesFor } from "./column-types-for";

/**
 * `0003_run_failure_and_due_times`: the reason a run was cancelled (`stageflow_runs.cancel_reason`;
 * why a run failed lives in its `error`, now with stack and attempt), and an index of PENDING jobs
 * by `available_at`, so a host finds the next retry or delayed job without a scan.
 *
 * @param dialect - the dialect whose column types to use.
 */
export function runFailureAndDueTimesMigration(dialect: StageflowDialect): Migration {
  const t = columnTypesFor(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("stageflow_runs").addColumn("cancel_reason", t.text).execute();
      await sql
        .raw(
          `create index stageflow_jobs_available_idx on stageflow_jobs (available_at) where status = 'PENDING'`,
        )
        .execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql.raw("drop index if exists stageflow_jobs_available_idx").execute(db);
      await db.schema.alterTable("stageflow_runs").dropColumn("cancel_reason").execute();
    },
  };
}
