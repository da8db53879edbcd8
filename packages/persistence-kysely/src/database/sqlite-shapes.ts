import type { SqliteDatabase, SqliteStatement } from "kysely";

/** The part of a `better-sqlite3` `Database` this package uses. */
export interface BetterSqliteDatabase extends SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  pragma(source: string): unknown;
  close(): void;
}

/** The `better-sqlite3` module's default export: the `Database` constructor. */
export type BetterSqliteConstructor = new (
  filename: string,
  options?: { timeout?: number },
) => BetterSqliteDatabase;
