import type { StageflowDatabase } from "@stageflow/persistence-kysely";
import { CompiledQuery, type Kysely, sql } from "kysely";

/** The shape of the seeded table: a month of runs, mostly finished. */
export const SEED_NOW = new Date("2030-06-01T00:00:00Z");
/** Workflows the runs are spread over. */
export const WORKFLOWS = 20;
/** Tenants in `metadata.tenant`. */
export const TENANTS = 100;

/**
 * Status of run number `g` (SQL over an integer `g`): 1 % PENDING, 1 % RUNNING, 3 % CANCELLED,
 * 5 % FAILED, the rest COMPLETED.
 */
const STATUS = `case when g % 100 = 0 then 'PENDING' when g % 100 = 1 then 'RUNNING'
  when g % 100 < 5 then 'CANCELLED' when g % 100 < 10 then 'FAILED' else 'COMPLETED' end`;

/** One bulk statement per table per dialect; `?`/`$1` is the reference time. */
function seedStatements(dialect: "postgres" | "sqlite", count: number): string[] {
  if (dialect === "postgres") {
    const created = `($1::timestamptz - ((g * 2.592) || ' seconds')::interval)`;
    const finished = `case when g % 100 > 1 then ${created} + ((g % 600) || ' seconds')::interval end`;
    return [
      `insert into stageflow_runs (id, workflow_id, status, input, config, priority, metadata, current_group,
         error, total_cost, total_tokens, created_at, started_at, completed_at, updated_at, version)
       select md5(g::text)::uuid::text, 'wf-' || (g % ${WORKFLOWS}), ${STATUS}, '{}', '{}', 5,
         jsonb_build_object('tenant', 't' || (g % ${TENANTS})), 2,
         case when g % 100 between 5 and 9 then '{"message":"boom","stageId":"embed"}'::jsonb end,
         0.001 * (g % 7), g % 900, ${created}, ${created}, ${finished}, coalesce(${finished}, ${created}), 3
       from generate_series(1, ${count}) as g`,
      `insert into stageflow_stages (id, workflow_run_id, stage_id, stage_name, group_index, status, attempt,
         created_at, updated_at, version)
       select md5('s' || g)::uuid::text, md5(g::text)::uuid::text, 'embed', 'Embed', 2, 'FAILED', 3, $1, $1, 1
       from generate_series(1, ${count}) as g where g % 100 between 5 and 9`,
    ];
  }
  const created = `(? - g * 2592)`;
  return [
    `with recursive s(g) as (select 1 union all select g + 1 from s where g < ${count})
     insert into stageflow_runs (id, workflow_id, status, input, config, priority, metadata, current_group,
       error, total_cost, total_tokens, created_at, started_at, completed_at, updated_at, version)
     select lower(hex(randomblob(16))) || printf('%07d', g), 'wf-' || (g % ${WORKFLOWS}), ${STATUS},
       '{}', '{}', 5, json_object('tenant', 't' || (g % ${TENANTS})), 2,
       case when g % 100 between 5 and 9 then '{"message":"boom","stageId":"embed"}' end,
       0.001 * (g % 7), g % 900, ${created}, ${created},
       case when g % 100 > 1 then ${created} + (g % 600) * 1000 end, ${created}, 3
     from s`,
    `insert into stageflow_stages (id, workflow_run_id, stage_id, stage_name, group_index, status, attempt,
       created_at, updated_at, version)
     select lower(hex(randomblob(16))), id, 'embed', 'Embed', 2, 'FAILED', 3, ?, ?, 1
     from stageflow_runs where status = 'FAILED'`,
  ];
}

/**
 * Fills an empty, migrated database with `count` runs in bulk SQL (`generate_series` on Postgres,
 * a recursive CTE on SQLite): the secondary indexes are dropped first and rebuilt from their own
 * definitions afterwards (much faster than maintaining them row by row), then the statistics are
 * refreshed.
 */
export async function seedRuns(
  db: Kysely<StageflowDatabase>,
  dialect: "postgres" | "sqlite",
  count: number,
): Promise<void> {
  const indexes =
    dialect === "postgres"
      ? (
          await sql<{
            name: string;
            definition: string;
          }>`select indexname as name, indexdef as definition
            from pg_indexes where schemaname = current_schema()
            and tablename in ('stageflow_runs', 'stageflow_stages') and indexname like '%\\_idx'`.execute(
            db,
          )
        ).rows
      : (
          await sql<{
            name: string;
            definition: string;
          }>`select name, sql as definition from sqlite_master
            where type = 'index' and tbl_name in ('stageflow_runs', 'stageflow_stages') and sql is not null`.execute(
            db,
          )
        ).rows;
  for (const index of indexes) await sql.raw(`drop index ${index.name}`).execute(db);
  const [runs, stages] = seedStatements(dialect, count);
  const now = dialect === "postgres" ? SEED_NOW : SEED_NOW.getTime();
  await db.executeQuery(
    CompiledQuery.raw(runs as string, dialect === "postgres" ? [now] : [now, now, now, now]),
  );
  await db.executeQuery(
    CompiledQuery.raw(stages as string, dialect === "postgres" ? [now] : [now, now]),
  );
  for (const index of indexes) await sql.raw(index.definition).execute(db);
  // Postgres' autovacuum would analyze the table soon; SQLite gets no ANALYZE, as by default.
  if (dialect === "postgres") await sql.raw("analyze").execute(db);
}
