import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import pg from "pg";
import { createPostgresDatabase, migrateToLatest, type StageflowDatabase } from "../../src/index";
import { PG_URL } from "./pg-url";

/** A fresh schema on the test Postgres, with the Stageflow tables migrated into it. */
export interface PostgresTestSchema {
  readonly schema: string;
  /** A pool whose connections use the schema (`search_path`). */
  readonly pool: pg.Pool;
  /** A Stageflow database on that pool. */
  readonly db: Kysely<StageflowDatabase>;
  /** Opens another Stageflow database object on the same schema (like another process). */
  openAnother(options?: {
    max?: number;
    listenerApplicationName?: string;
  }): Kysely<StageflowDatabase>;
  /** Destroys every database object opened here and drops the schema. */
  teardown(): Promise<void>;
}

let reachable: Promise<void> | undefined;

/** Fails (never skips) with a clear message when the test Postgres is unreachable. */
export function assertPostgresReachable(): Promise<void> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      await client.query("select 1");
    } catch (error) {
      throw new Error(
        `Postgres is required for these tests but ${PG_URL} is unreachable (${String(error)}). ` +
          "Start it (pg_ctlcluster 15 main start) or set STAGEFLOW_PG_URL.",
      );
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

/** Pool settings that pin connections to `schema`. */
export function poolConfigFor(schema: string, max = 10): pg.PoolConfig {
  return { connectionString: PG_URL, max, options: `-c search_path=${schema}` };
}

/** Creates `sf_test_<random>`, migrates it, and returns handles on it. */
export async function createPostgresTestSchema(
  options: { max?: number; migrate?: boolean } = {},
): Promise<PostgresTestSchema> {
  await assertPostgresReachable();
  const schema = `sf_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const opened: Kysely<StageflowDatabase>[] = [];
  const open = (max?: number, listenerApplicationName?: string) => {
    const pool = new pg.Pool(poolConfigFor(schema, max ?? options.max ?? 10));
    const db = createPostgresDatabase(pool, {
      ...(listenerApplicationName ? { listenerApplicationName } : {}),
    });
    opened.push(db);
    return { pool, db };
  };
  const first = open();
  if (options.migrate !== false) await migrateToLatest(first.db);
  return {
    schema,
    pool: first.pool,
    db: first.db,
    openAnother: (o) => open(o?.max, o?.listenerApplicationName).db,
    async teardown() {
      await Promise.all(opened.map((db) => db.destroy().catch(() => undefined)));
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
