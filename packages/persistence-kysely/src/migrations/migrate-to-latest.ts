import { type Kysely, type MigrationResultSet, Migrator, sql } from "kysely";
import { getDatabaseContext } from "../database/database-context";
import { MigrationFailedError } from "../errors/migration-failed-error";
import type { StageflowDatabase } from "../schema/stageflow-database";
import { runSerializedSqliteMigration } from "./serialized-sqlite-migration";
import { StageflowMigrationProvider } from "./stageflow-migration-provider";

/** Name of the table recording applied Stageflow migrations (beside the application's own). */
export const STAGEFLOW_MIGRATION_TABLE = "stageflow_migrations";
/** Name of the table Kysely's migrator locks while migrating. */
export const STAGEFLOW_MIGRATION_LOCK_TABLE = "stageflow_migrations_lock";

/** What {@link migrateToLatest} did. */
export interface MigrateToLatestResult {
  /** Names of the migrations applied now, in order (empty when already up to date). */
  readonly applied: string[];
}

/**
 * Brings the Stageflow tables up to date with Kysely's `Migrator`. Safe to call on every start
 * and from several processes at once: on Postgres the migrator takes an advisory lock and the
 * migrations run in one transaction, in the first schema of the `search_path`; on SQLite they run
 * in one `BEGIN IMMEDIATE` transaction, so processes sharing a file take turns and the later ones
 * find everything applied. Throws `MigrationFailedError`.
 *
 * @example
 * ```ts
 * const db = createSqliteDatabase("stageflow.db");
 * await migrateToLatest(db);
 * ```
 *
 * @param db - a database from `createPostgresDatabase` or `createSqliteDatabase`.
 */
export async function migrateToLatest(
  db: Kysely<StageflowDatabase>,
): Promise<MigrateToLatestResult> {
  const { dialect } = getDatabaseContext(db, "migrateToLatest");
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
  const migratorOn = (target: Kysely<StageflowDatabase>) =>
    new Migrator({
      db: target,
      provider: new StageflowMigrationProvider(dialect),
      migrationTableName: STAGEFLOW_MIGRATION_TABLE,
      migrationLockTableName: STAGEFLOW_MIGRATION_LOCK_TABLE,
      ...(schema ? { migrationTableSchema: schema } : {}),
    });
  let outcome: MigrationResultSet;
  try {
    outcome =
      dialect === "sqlite"
        ? await runSerializedSqliteMigration(db, migratorOn)
        : await migratorOn(db).migrateToLatest();
  } catch (error) {
    throw new MigrationFailedError(undefined, error);
  }
  const { error, results } = outcome;
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === "Error");
    throw new MigrationFailedError(failed?.migrationName, error);
  }
  return {
    applied: (results ?? [])
      .filter((result) => result.status === "Success")
      .map((result) => result.migrationName),
  };
}
