import { type Kysely, sql } from "kysely";
import type { StageflowDatabase } from "../../src/index";

/** Every table of the Stageflow schema. */
export const TABLES = [
  "stageflow_runs",
  "stageflow_stages",
  "stageflow_jobs",
  "stageflow_logs",
  "stageflow_outbox_events",
  "stageflow_outbox_sequences",
  "stageflow_idempotency_keys",
  "stageflow_blobs",
  "stageflow_ai_calls",
] as const;

/** The number of rows of every table. */
export async function rowCounts(db: Kysely<StageflowDatabase>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{
      n: number | string;
    }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts[table] = Number(rows[0]?.n);
  }
  return counts;
}

/** Every row of every table, as sorted JSON lines per table: equal dumps mean nothing was written. */
export async function dumpTables(db: Kysely<StageflowDatabase>): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const table of TABLES) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
      db,
    );
    dump[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return dump;
}
