import type { Kysely } from "kysely";
import { MigrationFailedError } from "../errors/migration-failed-error";
import type { StageflowDatabase } from "../schema/stageflow-database";
import { createStageflowMigrator } from "./create-stageflow-migrator";

export { STAGEFLOW_MIGRATION_LOCK_TABLE, STAGEFLOW_MIGRATION_TABLE } from "./migration-tables";

/** What {@link migrateToLatest} did. */
export interface MigrateToLatestResult {
  /** Names of the migrations applied now, in order (empty when already up to date). */
  readonly applied: string[];
}

/**
 * Brings the Stageflow tables up to date with Kysely's `Migrator`. Safe to call on every start
 * and from several processes at once (the migrator takes a lock; on Postgres the migrations run in
 * one transaction, in the first schema of the `search_path`). Throws `MigrationFailedError`.
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
  const migrator = await createStageflowMigrator(db, "migrateToLatest");
  const { error, results } = await migrator.migrateToLatest();
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
