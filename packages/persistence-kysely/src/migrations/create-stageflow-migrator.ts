import { type Kysely, Migrator, sql } from "kysely";
import { getDatabaseContext } from "../database/database-context";
import type { StageflowDialect } from "../database/stageflow-dialect";
import { MigrationFailedError } from "../errors/migration-failed-error";
import type { StageflowDatabase } from "../schema/stageflow-database";
import { STAGEFLOW_MIGRATION_LOCK_TABLE, STAGEFLOW_MIGRATION_TABLE } from "./migration-tables";
import { StageflowMigrationProvider } from "./stageflow-migration-provider";

/** Makes Kysely `Migrator`s over Stageflow's migrations for one database. */
export interface StageflowMigrators {
  readonly dialect: StageflowDialect;
  /**
   * A migrator working through `target`: the database itself, or (SQLite) the connection of the
   * transaction that serializes migrations.
   */
  on(target: Kysely<StageflowDatabase>): Migrator;
}

/**
 * Migrators over Stageflow's migrations, with their bookkeeping tables in the first schema of the
 * `search_path` on Postgres (the schema the migrations create their tables in).
 *
 * @param caller - the public function asking, named in `UnknownDatabaseError`.
 */
export async function createStageflowMigrators(
  db: Kysely<StageflowDatabase>,
  caller: string,
): Promise<StageflowMigrators> {
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
  return {
    dialect,
    on: (target) =>
      new Migrator({
        db: target,
        provider: new StageflowMigrationProvider(dialect),
        migrationTableName: STAGEFLOW_MIGRATION_TABLE,
        migrationLockTableName: STAGEFLOW_MIGRATION_LOCK_TABLE,
        ...(schema ? { migrationTableSchema: schema } : {}),
      }),
  };
}
