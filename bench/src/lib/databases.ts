import pg, { type Pool } from "pg";

/** Server URL without a database; override with `BENCH_PG_URL` (its path is ignored). */
export const PG_SERVER_URL = (
  process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"
).replace(/\/[^/?]*(\?.*)?$/, "");

/** The dedicated databases, one per system, so no system's tables or locks touch another's. */
export const BENCH_DATABASES = {
  graphileWorker: "sf_bench_gw",
  pgBoss: "sf_bench_pgboss",
  stageflow: "sf_bench_stageflow",
} as const;

/** The connection string of a bench database. */
export function databaseUrl(database: string): string {
  return `${PG_SERVER_URL}/${database}`;
}

/** Creates the bench databases that do not exist yet. */
export async function ensureDatabases(): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl("postgres"), max: 1 });
  try {
    for (const name of Object.values(BENCH_DATABASES)) {
      const { rows } = await pool.query("select 1 from pg_database where datname = $1", [name]);
      if (rows.length === 0) await pool.query(`create database ${name}`);
    }
  } finally {
    await pool.end();
  }
}

/** A small pool on a bench database with an error listener (idle-client errors must not crash). */
export function createPool(database: string, max = 4): Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl(database), max });
  pool.on("error", (error) => console.error(`[pg ${database}] ${error.message}`));
  return pool;
}
