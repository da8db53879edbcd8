import type { Kysely, MigrationResultSet } from "kysely";
import { MigrationFailedError } from "../errors/migration-failed-error";
import type { StageflowDatabase } from "../schema/stageflow-database";
import { createStageflowMigrators } from "./create-stageflow-migrator";
import { runSerializedSqliteMigration } from "./serialized-sqlite-migration";

export { STAGEFLOW_MIGRATION_LOCK_TABLE, STAGEFLOW_MIGRATION_TABLE } from "./migration-tables";

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
  const migrators = await createStageflowMigrators(db, "migrateToLatest");
  let outcome: MigrationResultSet;
  try {
    outcome =
      migrators.dialect === "sqlite"
        ? await runSerializedSqliteMigration(db, migrators.on)
        : await migrators.on(db).migrateToLatest();
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
