import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { createSqliteDatabase, migrateToLatest, type StageflowDatabase } from "../../src/index";

/** A migrated SQLite database for one test. */
export interface SqliteTestDatabase {
  readonly db: Kysely<StageflowDatabase>;
  /** The file, or `":memory:"`. */
  readonly filename: string;
  teardown(): Promise<void>;
}

/** Opens a migrated SQLite database in a fresh temp directory, or in memory. */
export async function createSqliteTestDatabase(
  kind: "file" | "memory",
): Promise<SqliteTestDatabase> {
  const dir = kind === "file" ? mkdtempSync(join(tmpdir(), "stageflow-sqlite-")) : null;
  const filename = dir ? join(dir, "stageflow.db") : ":memory:";
  const db = createSqliteDatabase(filename);
  await migrateToLatest(db);
  return {
    db,
    filename,
    async teardown() {
      await db.destroy();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
