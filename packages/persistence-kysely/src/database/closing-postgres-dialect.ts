import {
  type DatabaseIntrospector,
  type Driver,
  type Kysely,
  PostgresDialect,
  type PostgresDialectConfig,
  PostgresDriver,
} from "kysely";
import { RaceTolerantIntrospector } from "./race-tolerant-introspector";

class ClosingPostgresDriver extends PostgresDriver {
  readonly #onDestroy: () => Promise<void>;

  constructor(config: PostgresDialectConfig, onDestroy: () => Promise<void>) {
    super(config);
    this.#onDestroy = onDestroy;
  }

  override async destroy(): Promise<void> {
    await this.#onDestroy();
    await super.destroy();
  }
}

/**
 * Kysely's Postgres dialect with a hook run when the database is destroyed (stops `LISTEN`) and
 * an introspector that tolerates concurrent schema drops.
 */
export class ClosingPostgresDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig;
  readonly #onDestroy: () => Promise<void>;

  /**
   * @param config - Kysely's Postgres dialect config.
   * @param onDestroy - runs before the pool ends.
   */
  constructor(config: PostgresDialectConfig, onDestroy: () => Promise<void>) {
    super(config);
    this.#config = config;
    this.#onDestroy = onDestroy;
  }

  override createDriver(): Driver {
    return new ClosingPostgresDriver(this.#config, this.#onDestroy);
  }

  // biome-ignore lint/suspicious/noExplicitAny: the signature Kysely's Dialect declares.
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new RaceTolerantIntrospector(super.createIntrospector(db));
  }
}
