import { type Kysely, type Migration, sql } from "kysely";
import type { StageflowDialect } from "../database/stageflow-dialect";

/**
 * `0010_ai_calls_created_index`: an index on `stageflow_ai_calls (created_at)`, so the daily cost
 * report (`queries.aiCostsByDay`, `kernel.query.costsByDay`) reads only the calls of its date
 * range instead of every call ever logged.
 *
 * @param _dialect - the statements are the same on both dialects.
 */
export function aiCallsCreatedIndexMigration(_dialect: StageflowDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await sql
        .raw("create index stageflow_ai_calls_created_idx on stageflow_ai_calls (created_at)")
        .execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql.raw("drop index if exists stageflow_ai_calls_created_idx").execute(db);
    },
  };
}
