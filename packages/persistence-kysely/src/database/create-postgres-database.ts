import { Kysely, type KyselyConfig, type PostgresPool } from "kysely";
import { codecFor } from "../codec/value-codec";
import type { StageflowDatabase } from "../schema/stageflow-database";
import { POSTGRES_PREPARED_STATEMENTS } from "../sql/postgres-prepared-statements";
import type { ListenConnection, PgListenClient } from "../wakeups/postgres-listen-connection";
import { createPostgresWakeupHub } from "../wakeups/postgres-wakeup-hub";
import { ClosingPostgresDialect } from "./closing-postgres-dialect";
import { registerDatabaseContext } from "./database-context";
import { guardPoolErrors, warnOncePerKind } from "./guard-pool-errors";
import { importOptionalDriver } from "./import-optional-driver";
import type { PgModule, PgPool } from "./postgres-shapes";
import { prepareStatementsPool } from "./prepare-statements-pool";

/** Options of {@link createPostgresDatabase}. */
export interface PostgresDatabaseOptions {
  /** Pool size when a connection string is given. Default 10. */
  maxConnections?: number;
  /** Further `pg.Pool` settings (ssl, statement_timeout, …) when a connection string is given. */
  poolConfig?: Record<string, unknown>;
  /** `application_name` of the dedicated `LISTEN` connection. Default `stageflow_listener`. */
  listenerApplicationName?: string;
  /** Receives `LISTEN` connection failures and wake-up listener exceptions. Default: ignored. */
  onWakeupError?: (error: unknown) => void;
  /**
   * Receives connection errors of the pool's clients — a connection cut or terminated while a
   * client is idle in the pool or checked out (say between two statements of a transaction).
   * Without a listener `pg` would turn such an error into an uncaught exception that ends the
   * process; with it, only the affected query (or the next one on that client) rejects, and the
   * pool replaces the connection. Applies to a pool created here and to a supplied one. Default:
   * `console.warn` once per kind of error (its `code`, else its message) per database object;
   * pass `() => {}` to silence them.
   */
  onError?: (error: Error) => void;
  /**
   * Run this package's statements as named prepared statements (parsed and planned once per
   * connection). Default true; turn off behind PgBouncer in transaction mode before 1.21.
   */
  preparedStatements?: boolean;
  /** Kysely query logging. */
  log?: KyselyConfig["log"];
}

/**
 * Connects to Postgres with `pg` for Stageflow: claims use `FOR UPDATE SKIP LOCKED`, enqueues and
 * appends `NOTIFY` at commit, and `createKyselyJobTransport(db).subscribe` listens on a dedicated
 * connection. Given a connection string it creates (and `db.destroy()` ends) a `pg.Pool`; given a
 * pool it uses it, and `db.destroy()` ends it too. `pg` is imported on first use. Either way every
 * client of the pool gets an `error` listener (see `onError`), so a connection cut mid-transaction
 * rejects that transaction instead of crashing the process.
 *
 * @example
 * ```ts
 * const db = createPostgresDatabase(process.env.DATABASE_URL!);
 * await migrateToLatest(db);
 * const jobTransport = createKyselyJobTransport(db);
 * ```
 *
 * @param connection - a connection string, or a `pg.Pool`.
 * @param options - pool size and wake-up settings.
 */
export function createPostgresDatabase(
  connection: string | PgPool,
  options: PostgresDatabaseOptions = {},
): Kysely<StageflowDatabase> {
  const onWakeupError = options.onWakeupError ?? (() => undefined);
  const onError = options.onError ?? warnOncePerKind();
  if (typeof connection !== "string") guardPoolErrors(connection, onError);
  let poolPromise: Promise<PgPool> | undefined;
  const getPool = () => {
    poolPromise ??= (async () => {
      if (typeof connection !== "string") return connection;
      const pg = await importOptionalDriver<PgModule>("pg", "createPostgresDatabase");
      const pool = new pg.Pool({
        connectionString: connection,
        max: options.maxConnections ?? 10,
        ...options.poolConfig,
      });
      guardPoolErrors(pool, onError);
      return pool;
    })();
    return poolPromise;
  };
  const applicationName = options.listenerApplicationName ?? "stageflow_listener";
  const openListen = async (): Promise<ListenConnection> => {
    const pool = await getPool();
    if (typeof pool.Client === "function") {
      const client = new pool.Client({ ...pool.options, application_name: applicationName });
      client.on("error", () => undefined);
      await client.connect();
      return { client, close: () => client.end() };
    }
    const client = (await pool.connect()) as unknown as PgListenClient & {
      release(destroy?: boolean): void;
    };
    return { client, close: async () => client.release(true) };
  };
  const wakeups = createPostgresWakeupHub({ open: openListen, onError: onWakeupError });
  const queryPool = async (): Promise<PostgresPool> => {
    const pool = await getPool();
    return options.preparedStatements === false
      ? pool
      : prepareStatementsPool(pool, POSTGRES_PREPARED_STATEMENTS);
  };
  const db = new Kysely<StageflowDatabase>({
    dialect: new ClosingPostgresDialect({ pool: queryPool }, () => wakeups.close()),
    ...(options.log ? { log: options.log } : {}),
  });
  registerDatabaseContext(db, {
    dialect: "postgres",
    codec: codecFor("postgres"),
    wakeups,
    transactions: null,
  });
  return db;
}
