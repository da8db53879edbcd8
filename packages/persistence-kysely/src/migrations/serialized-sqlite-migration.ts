import { type Kysely, type MigrationResultSet, type Migrator, sql } from "kysely";
import type { StageflowDatabase } from "../schema/stageflow-database";

/** How long, in all, a migration waits for another process's write lock before giving up. */
const LOCK_WAIT_MS = 120_000;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_"));
}

/**
 * Runs a migrator on SQLite under the database's write lock, so processes migrating one file at
 * once take turns: the migrator runs on the single connection inside `BEGIN IMMEDIATE` (which
 * waits for the busy timeout), reads which migrations are applied only once it holds the lock,
 * and commits everything at the end (or rolls everything back when a migration fails). A lock
 * still busy after the busy timeout is asked for again, for up to two minutes.
 *
 * @param db - a SQLite database from `createSqliteDatabase`.
 * @param migratorOn - builds the migrator on the connection holding the lock.
 */
export async function runSerializedSqliteMigration(
  db: Kysely<StageflowDatabase>,
  migratorOn: (connection: Kysely<StageflowDatabase>) => Migrator,
): Promise<MigrationResultSet> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      return await db.connection().execute(async (connection) => {
        await sql`begin immediate`.execute(connection);
        let result: MigrationResultSet;
        try {
          result = await migratorOn(connection).migrateToLatest();
        } catch (error) {
          await sql`rollback`.execute(connection);
          throw error;
        }
        await sql.raw(result.error === undefined ? "commit" : "rollback").execute(connection);
        return result;
      });
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
    }
  }
}
