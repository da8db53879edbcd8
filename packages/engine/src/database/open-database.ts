import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  createPostgresDatabase,
  createSqliteDatabase,
  type PostgresDatabaseOptions,
  type SqliteDatabaseOptions,
  type StageflowDatabase,
} from "@stageflow/persistence-kysely";
import type { Kysely } from "kysely";
import { parseDatabaseUrl } from "./parse-database-url";

/** Options of {@link openDatabase}, per driver. */
export interface OpenDatabaseOptions {
  /** Passed to `createSqliteDatabase` for a `sqlite:` URL. */
  readonly sqlite?: SqliteDatabaseOptions;
  /** Passed to `createPostgresDatabase` for a `postgres://` URL. */
  readonly postgres?: PostgresDatabaseOptions;
}

/**
 * Opens a Stageflow database from a URL (see `parseDatabaseUrl`): `sqlite:PATH` creates the
 * file's folder when missing and opens it with `createSqliteDatabase`; `postgres://…` connects
 * with `createPostgresDatabase`. Nothing is migrated here (`migrateToLatest(db)` does that, and
 * `createStageflow` calls it). Close it with `db.destroy()`.
 *
 * @throws `InvalidDatabaseUrlError` for a URL of another kind (nothing is created).
 *
 * @example
 * ```ts
 * const db = openDatabase(process.env.STAGEFLOW_DATABASE_URL ?? "sqlite:.stageflow/app.db");
 * await migrateToLatest(db);
 * ```
 */
export function openDatabase(
  url: string,
  options: OpenDatabaseOptions = {},
): Kysely<StageflowDatabase> {
  const location = parseDatabaseUrl(url);
  if (location.dialect === "postgres") {
    return createPostgresDatabase(location.connectionString, options.postgres);
  }
  if (location.filename !== ":memory:") {
    mkdirSync(dirname(resolve(location.filename)), { recursive: true });
  }
  return createSqliteDatabase(location.filename, options.sqlite);
}
