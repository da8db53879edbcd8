import pg from "pg";

/**
 * The Postgres the tests use: `STAGEFLOW_PG_URL`, else the local `test` database. Never skipped:
 * an unreachable server fails the tests.
 */
export const PG_URL = process.env.STAGEFLOW_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

// Only `Client`'s constructor, `connect`, `query(text)` and `end`: host-serverless's tests type
// `pg` with that slice (test/pg.d.ts) instead of `@types/pg`.
async function runStatement(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(
      `Postgres is required by these tests but ${PG_URL} is unreachable: start it or set STAGEFLOW_PG_URL.`,
      { cause: error },
    );
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A schema of its own on the test Postgres; bind a pool to it with `poolConfig`. */
export interface TestSchema {
  /** The server's URL (the schema is chosen per connection, by `poolConfig`). */
  readonly url: string;
  /** The schema's name. */
  readonly schema: string;
  /** `pg.Pool` settings that put the schema first on every connection's `search_path`. */
  readonly poolConfig: { readonly options: string };
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/**
 * Creates a fresh, empty schema `<prefix>_<pid>_<time>_<random>` on {@link PG_URL}, so a test has
 * tables of its own. `LISTEN/NOTIFY` channels stay shared with the database's other tests, which
 * only causes harmless extra wake-ups.
 *
 * @example
 * ```ts
 * const schema = await createTestSchema("sf_host");
 * const db = createPostgresDatabase(schema.url, { poolConfig: schema.poolConfig });
 * // ...
 * await db.destroy();
 * await schema.drop();
 * ```
 */
export async function createTestSchema(prefix: string): Promise<TestSchema> {
  const random = Math.random().toString(36).slice(2, 8);
  const schema = `${prefix}_${process.pid}_${Date.now().toString(36)}_${random}`;
  await runStatement(`CREATE SCHEMA "${schema}"`);
  return {
    url: PG_URL,
    schema,
    poolConfig: { options: `-c search_path="${schema}"` },
    drop: () => runStatement(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`),
  };
}
