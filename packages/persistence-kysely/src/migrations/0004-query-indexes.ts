import { type Kysely, type Migration, sql } from "kysely";
import type { StageflowDialect } from "../database/stageflow-dialect";

/** Indexes of the query API and of `run.purge`, on both dialects. */
const INDEXES = [
  // listRuns by status (one ordered range per status, newest or oldest first); run.purge.
  "create index stageflow_runs_status_created_idx on stageflow_runs (status, created_at, id)",
  // listRuns by workflow, with the id as the tie-breaker of the order (replaces 0001's index).
  "create index stageflow_runs_workflow_created_idx on stageflow_runs (workflow_id, created_at, id)",
  "drop index stageflow_runs_workflow_idx",
  // listRuns by failed stage: the (few) failed stage records of a stage id.
  `create index stageflow_stages_failed_idx on stageflow_stages (stage_id, workflow_run_id) where status = 'FAILED'`,
];

/** The run id inside an idempotency key's stored result, exactly as `deleteRuns` writes it. */
const IDEMPOTENCY_RUN_INDEX = {
  postgres:
    "create index stageflow_idempotency_run_idx on stageflow_idempotency_keys ((result ->> 'workflowRunId'))",
  sqlite:
    "create index stageflow_idempotency_run_idx on stageflow_idempotency_keys (json_extract(result, '$.workflowRunId'))",
} as const;

/**
 * `0004_query_indexes`: indexes so the newest page of runs, with or without a filter, is an
 * index range read at any table size, and so `run.purge` finds a run's idempotency keys without
 * a scan. Postgres also gets a GIN index for metadata containment (`metadata @> …`).
 *
 * @param dialect - the dialect to write the statements for.
 */
export function queryIndexesMigration(dialect: StageflowDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const statement of INDEXES) await sql.raw(statement).execute(db);
      await sql.raw(IDEMPOTENCY_RUN_INDEX[dialect]).execute(db);
      if (dialect === "postgres") {
        await sql
          .raw(
            "create index stageflow_runs_metadata_idx on stageflow_runs using gin (metadata jsonb_path_ops)",
          )
          .execute(db);
      }
    },
    async down(db: Kysely<unknown>) {
      for (const name of [
        "stageflow_runs_metadata_idx",
        "stageflow_idempotency_run_idx",
        "stageflow_stages_failed_idx",
        "stageflow_runs_status_created_idx",
      ]) {
        await sql.raw(`drop index if exists ${name}`).execute(db);
      }
      await sql
        .raw("create index stageflow_runs_workflow_idx on stageflow_runs (workflow_id, created_at)")
        .execute(db);
      await sql.raw("drop index stageflow_runs_workflow_created_idx").execute(db);
    },
  };
}
