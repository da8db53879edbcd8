import { type Kysely, Migrator, sql } from "kysely";
import { getDatabaseContext } from "../database/database-context";
import { MigrationFailedError } from "../errors/migration-failed-error";
import type { StageflowDatabase } from "../schema/stageflow-database";
import { STAGEFLOW_MIGRATION_LOCK_TABLE, STAGEFLOW_MIGRATION_TABLE } from "./migration-tables";
import { StageflowMigrationProvider } from "./stageflow-migration-provider";

/**
 * Kysely's `Migrator` over Stageflow's migrations, with its bookkeeping tables in the first
 * schema of the `search_path` on Postgres (the schema the migrations create their tables in).
 *
 * @param caller - the public function asking, named in `UnknownDatabaseError`.
 */
export async function createStageflowMigrator(
  db: Kysely<StageflowDatabase>,
  caller: string,
): Promise<Migrator> {
  const { dialect } = getDatabaseContext(db, caller);
  let schema: string | undefined;
  if (dialect === "postgres") {
    const { rows } = await sql<{
      schema: string | null;
    }>`select current_schema() as schema`.execute(db);
    schema = rows[0]?.schema ?? undefined;
    if (!schema) {
      throw new MigrationFailedError(undefined, new Error("No schema on the search_path exists."));
    }
  }
  return new Migrator({
    db,
    provider: new StageflowMigrationProvider(dialect),
    migrationTableName: STAGEFLOW_MIGRATION_TABLE,
    migrationLockTableName: STAGEFLOW_MIGRATION_LOCK_TABLE,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}
