import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createPostgresDatabase,
  createSqliteDatabase,
  migrateToLatest,
  type StageflowDatabase,
} from "@stageflow/persistence-kysely";
import { type Kysely, type LogEvent, sql } from "kysely";
import pg from "pg";
import { BENCH_DATABASES, databaseUrl, ensureDatabases } from "./databases";

/**
 * Runs `use` on a fresh, migrated Postgres schema `<prefix>_<now>` of the bench database, then
 * drops the schema. `log` receives Kysely's log events (e.g. to capture the statements run).
 */
export async function onScratchPostgres<T>(
  prefix: string,
  use: (db: Kysely<StageflowDatabase>) => Promise<T>,
  log?: (event: LogEvent) => void,
): Promise<T> {
  await ensureDatabases();
  const schema = `${prefix}_${Date.now()}`;
  const url = databaseUrl(BENCH_DATABASES.stageflow);
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  await admin.query(`create schema ${schema}`);
  const db = createPostgresDatabase(url, {
    maxConnections: 4,
    poolConfig: { options: `-c search_path=${schema}` },
    ...(log ? { log } : {}),
  });
  try {
    await migrateToLatest(db);
    return await use(db);
  } finally {
    await db.destroy();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

/**
 * Runs `use` on a fresh, migrated SQLite file in a temporary folder (64 MiB page cache), then
 * deletes the folder.
 */
export async function onScratchSqlite<T>(
  prefix: string,
  use: (db: Kysely<StageflowDatabase>) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const db = createSqliteDatabase(join(dir, "stageflow.db"));
  try {
    await migrateToLatest(db);
    await sql`pragma cache_size = -65536`.execute(db);
    return await use(db);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
