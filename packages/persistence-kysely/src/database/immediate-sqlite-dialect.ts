import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from "kysely";

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #onDestroy: () => Promise<void>;

  constructor(config: SqliteDialectConfig, onDestroy: () => Promise<void>) {
    super(config);
    this.#onDestroy = onDestroy;
  }

  /** `BEGIN IMMEDIATE` takes the write lock up front, so two processes never deadlock upgrading. */
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }

  override async destroy(): Promise<void> {
    await this.#onDestroy();
    await super.destroy();
  }
}

/**
 * Kysely's SQLite dialect with write transactions opened by `BEGIN IMMEDIATE` (waiting up to the
 * busy timeout for other processes) and a hook run when the database is destroyed.
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #onDestroy: () => Promise<void>;

  /**
   * @param config - Kysely's SQLite dialect config.
   * @param onDestroy - runs before the connection closes (stops wake-ups).
   */
  constructor(config: SqliteDialectConfig, onDestroy: () => Promise<void>) {
    super(config);
    this.#config = config;
    this.#onDestroy = onDestroy;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#onDestroy);
  }
}
