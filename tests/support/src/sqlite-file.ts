import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteDatabase, migrateToLatest } from "@stageflow/persistence-kysely";

/** A Stageflow database of `@stageflow/persistence-kysely` (SQLite or Postgres). */
export type StageflowDb = ReturnType<typeof createSqliteDatabase>;

/** A migrated SQLite database in a file of a fresh temporary directory. */
export interface SqliteFile {
  readonly db: StageflowDb;
  /** The database file. */
  readonly filename: string;
  /** Destroys `db` and removes the directory. */
  close(): Promise<void>;
}

/** Creates and migrates `stageflow.db` in a new temporary directory named `<prefix><random>`. */
export async function createSqliteFile(prefix = "stageflow-test-"): Promise<SqliteFile> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const filename = join(dir, "stageflow.db");
  const db = createSqliteDatabase(filename);
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    db,
    filename,
    async close() {
      await db.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
