import { AsyncLocalStorage } from "node:async_hooks";
import { Kysely, type KyselyConfig } from "kysely";
import { codecFor } from "../codec/value-codec";
import { InvalidDatabaseOptionError } from "../errors/invalid-database-option-error";
import type { StageflowDatabase } from "../schema/stageflow-database";
import { createLocalWakeupHub } from "../wakeups/local-wakeup-hub";
import { cacheSqliteStatements } from "./cache-sqlite-statements";
import { registerDatabaseContext, type TransactionState } from "./database-context";
import { ImmediateSqliteDialect } from "./immediate-sqlite-dialect";
import { importOptionalDriver } from "./import-optional-driver";
import type { BetterSqliteConstructor } from "./sqlite-shapes";

/** Default of {@link SqliteDatabaseOptions.walAutocheckpointPages}. */
const DEFAULT_WAL_AUTOCHECKPOINT_PAGES = 10_000;

/** Options of {@link createSqliteDatabase}. */
export interface SqliteDatabaseOptions {
  /** How long a statement waits for another process's write lock before failing. Default 5000 ms. */
  busyTimeoutMs?: number;
  /**
   * `PRAGMA synchronous` in WAL mode. `NORMAL` (default) survives process crashes; `FULL` also
   * survives power loss, at the cost of an fsync per commit.
   */
  synchronous?: "NORMAL" | "FULL";
  /**
   * `PRAGMA wal_autocheckpoint`: the WAL size, in 4 KiB pages, at which a commit copies the WAL
   * back into the database file (with two fsyncs, whatever `synchronous` is). Default 10,000
   * (about 40 MiB of WAL), where SQLite's own default of 1,000 made that checkpoint about half of
   * a stage job's commit time. Durability does not depend on it; the WAL file keeps its largest
   * size on disk between checkpoints.
   */
  walAutocheckpointPages?: number;
  /** Compiled statements kept for reuse. Default 256. */
  statementCacheSize?: number;
  /** Receives exceptions thrown by wake-up listeners. Default: ignored. */
  onWakeupError?: (error: unknown) => void;
  /** Kysely query logging. */
  log?: KyselyConfig["log"];
}

/**
 * Opens (or creates) a SQLite database with `better-sqlite3` for Stageflow: WAL journal, a busy
 * timeout, foreign keys on, write transactions begun with `BEGIN IMMEDIATE`, and in-process
 * wake-ups. `":memory:"` gives a private in-memory database. The driver is imported on first
 * use; run `migrateToLatest(db)` before using the adapters, and `db.destroy()` to close it.
 *
 * @example
 * ```ts
 * const db = createSqliteDatabase("./stageflow.db");
 * await migrateToLatest(db);
 * const persistence = createKyselyPersistence(db);
 * ```
 *
 * @param filename - a file path, or `":memory:"`.
 * @param options - busy timeout, durability and caching.
 */
export function createSqliteDatabase(
  filename: string,
  options: SqliteDatabaseOptions = {},
): Kysely<StageflowDatabase> {
  const checkpointPages = options.walAutocheckpointPages ?? DEFAULT_WAL_AUTOCHECKPOINT_PAGES;
  if (!Number.isSafeInteger(checkpointPages) || checkpointPages < 1) {
    throw new InvalidDatabaseOptionError(
      "walAutocheckpointPages",
      checkpointPages,
      "a positive integer",
    );
  }
  const onError = options.onWakeupError ?? (() => undefined);
  const wakeups = createLocalWakeupHub(onError);
  const open = async () => {
    const Database = await importOptionalDriver<BetterSqliteConstructor>(
      "better-sqlite3",
      "createSqliteDatabase",
    );
    const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
    const database = new Database(filename, { timeout: busyTimeoutMs });
    database.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    database.pragma("journal_mode = WAL");
    database.pragma(`synchronous = ${options.synchronous === "FULL" ? "FULL" : "NORMAL"}`);
    database.pragma("foreign_keys = ON");
    database.pragma(`wal_autocheckpoint = ${checkpointPages}`);
    return cacheSqliteStatements(database, options.statementCacheSize ?? 256);
  };
  const db = new Kysely<StageflowDatabase>({
    dialect: new ImmediateSqliteDialect({ database: open }, () => wakeups.close()),
    ...(options.log ? { log: options.log } : {}),
  });
  registerDatabaseContext(db, {
    dialect: "sqlite",
    codec: codecFor("sqlite"),
    wakeups,
    transactions: new AsyncLocalStorage<TransactionState>(),
    sqliteFilename: filename,
  });
  return db;
}
