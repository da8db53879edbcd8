import {
  createPostgresDatabase,
  type PgPool,
  type StageflowDatabase,
} from "@stageflow/persistence-kysely";
import type { Kysely } from "kysely";
import { InvalidStageflowOptionsError } from "../errors/invalid-stageflow-options-error";
import { openDatabase } from "./open-database";

/** What `createStageflow`'s `database` option accepts. */
export type DatabaseOption = string | Kysely<StageflowDatabase> | PgPool;

/** The database a `Stageflow` instance works on, and whether it closes it. */
export interface ResolvedDatabase {
  readonly db: Kysely<StageflowDatabase>;
  /**
   * True when `createStageflow` opened it (from a URL): `close()` then destroys it. A Kysely
   * database or a pg pool passed in stays open for its owner.
   */
  readonly owned: boolean;
}

function isKysely(value: object): value is Kysely<StageflowDatabase> {
  const candidate = value as Partial<Kysely<StageflowDatabase>>;
  return typeof candidate.selectFrom === "function" && typeof candidate.destroy === "function";
}

function isPool(value: object): value is PgPool {
  const candidate = value as Partial<PgPool> & { query?: unknown };
  return typeof candidate.connect === "function" && typeof candidate.query === "function";
}

/**
 * Turns the `database` option into a Kysely database: a URL is opened (see `openDatabase`), a
 * Kysely database is used as is, a `pg.Pool` is wrapped with `createPostgresDatabase`.
 *
 * @throws `InvalidDatabaseUrlError` for a URL that is not `sqlite:` or `postgres://`;
 *   `InvalidStageflowOptionsError` for anything that is neither a URL, a Kysely database nor a pool.
 */
export function resolveDatabase(database: DatabaseOption): ResolvedDatabase {
  if (typeof database === "string") return { db: openDatabase(database), owned: true };
  if (typeof database === "object" && database !== null) {
    if (isKysely(database)) return { db: database, owned: false };
    if (isPool(database)) return { db: createPostgresDatabase(database), owned: false };
  }
  throw new InvalidStageflowOptionsError(
    "database",
    'must be a URL ("sqlite:PATH", "postgres://…"), a Kysely database from createSqliteDatabase / createPostgresDatabase, or a pg Pool',
  );
}
