import type { PostgresPool } from "kysely";
import type { PgListenClient } from "../wakeups/postgres-listen-connection";

/** A `pg.Client` as used for the `LISTEN` connection. */
export interface PgClient extends PgListenClient {
  connect(): Promise<unknown>;
  end(): Promise<void>;
}

/**
 * A `pg.Pool` (or anything with its shape). When it exposes `Client` and `options` (as `pg.Pool`
 * does), the `LISTEN` connection is a separate client with the pool's settings; otherwise one
 * client is checked out of the pool for as long as listeners exist.
 */
export interface PgPool extends PostgresPool {
  readonly options?: object;
  readonly Client?: new (config: object) => PgClient;
  /** `pg.Pool` events: `error` for idle clients, `connect` / `acquire` with the client. */
  on?(event: "error", listener: (error: Error, client?: object) => void): unknown;
  on?(event: "connect" | "acquire", listener: (client: unknown) => void): unknown;
}

/** The `pg` module's default export, as far as this package uses it. */
export interface PgModule {
  Pool: new (config: object) => PgPool;
}
