import type { StageflowDatabase } from "@stageflow/persistence-kysely";
import { CompiledQuery, type Kysely } from "kysely";
import type { Dialect } from "./stageflow-env";

const STAGES = `(select 1 as s, 'first' as stage_id union all select 2, 'second' union all select 3, 'third')`;
const EVENTS = `(select 1 as n, 'workflow:created' as type union all select 2, 'workflow:started'
  union all select 3, 'stage:completed' union all select 4, 'workflow:completed')`;

/** Bulk statements per dialect; the generator `g` numbers the runs, `at` is each one's time. */
function statements(dialect: Dialect, count: number): string[] {
  const series =
    dialect === "postgres"
      ? `generate_series(1, ${count}) as g`
      : `(with recursive c(g) as (select 1 union all select g + 1 from c where g < ${count}) select g from c) as g`;
  const g = dialect === "postgres" ? "g" : "g.g";
  const at =
    dialect === "postgres"
      ? `(now() - (${g} || ' seconds')::interval)`
      : `(unixepoch() * 1000 - ${g} * 1000)`;
  const id = `'seed-' || ${g}`;
  return [
    `insert into stageflow_runs (id, workflow_id, status, input, config, priority, metadata, current_group,
       output, total_cost, total_tokens, created_at, started_at, completed_at, updated_at, version)
     select ${id}, 'bench-noop-3', 'COMPLETED', '{"i":0}', '{}', 5, null, 3, '{}', 0, 0, ${at}, ${at}, ${at}, ${at}, 5
     from ${series}`,
    `insert into stageflow_stages (id, workflow_run_id, stage_id, stage_name, group_index, status, attempt,
       output_ref, started_at, completed_at, duration_ms, created_at, updated_at, version)
     select ${id} || '-' || st.s, ${id}, st.stage_id, st.stage_id, st.s, 'COMPLETED', 1,
       'runs/' || ${id} || '/stages/' || st.stage_id || '/output', ${at}, ${at}, 1, ${at}, ${at}, 3
     from ${series} cross join ${STAGES} as st`,
    `insert into stageflow_jobs (id, workflow_run_id, workflow_id, stage_id, status, priority, attempt,
       max_attempts, payload, available_at, created_at, updated_at)
     select ${id} || '-j' || st.s, ${id}, 'bench-noop-3', st.stage_id, 'COMPLETED', 5, 1, 3, '{}', ${at}, ${at}, ${at}
     from ${series} cross join ${STAGES} as st`,
    `insert into stageflow_outbox_events (id, workflow_run_id, sequence, type, payload, status, created_at, published_at)
     select ${id} || '-e' || ev.n, ${id}, ev.n, ev.type, '{}', 'PUBLISHED', ${at}, ${at}
     from ${series} cross join ${EVENTS} as ev`,
    `insert into stageflow_outbox_sequences (workflow_run_id, last_sequence) select ${id}, 4 from ${series}`,
  ];
}

/**
 * Fills a migrated, empty Stageflow database with `count` finished runs of the 3-stage no-op
 * workflow in bulk SQL: each run COMPLETED with its three COMPLETED stages and jobs and four
 * PUBLISHED outbox events (`generate_series` on Postgres, a recursive CTE on SQLite; indexes are
 * kept up to date as the rows go in). Postgres is analyzed afterwards.
 */
export async function seedFinishedRuns(
  db: Kysely<StageflowDatabase>,
  dialect: Dialect,
  count: number,
): Promise<void> {
  for (const text of statements(dialect, count)) await db.executeQuery(CompiledQuery.raw(text));
  if (dialect === "postgres") await db.executeQuery(CompiledQuery.raw("analyze"));
}
