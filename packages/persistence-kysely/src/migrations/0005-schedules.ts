import { type Kysely, type Migration, sql } from "kysely";
import type { StageflowDialect } from "../database/stageflow-dialect";
import { columnTypesFor } from "./column-types-for";

/**
 * `0005_schedules`: the `stageflow_schedules` table of cron schedules, and the index of
 * `schedule.tick`'s claim (unpaused schedules by due time). Released migrations are immutable.
 *
 * @param dialect - the dialect whose column types to use.
 */
export function schedulesMigration(dialect: StageflowDialect): Migration {
  const t = columnTypesFor(dialect);
  const unpaused = dialect === "postgres" ? "not paused" : "paused = 0";
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("stageflow_schedules")
        .addColumn("id", t.key, (c) => c.primaryKey())
        .addColumn("workflow_id", t.key, (c) => c.notNull())
        .addColumn("cron", t.text, (c) => c.notNull())
        .addColumn("timezone", t.text, (c) => c.notNull())
        .addColumn("input", t.json)
        .addColumn("config", t.json)
        .addColumn("overlap", t.text, (c) => c.notNull())
        .addColumn("catchup_window_ms", t.bigint, (c) => c.notNull())
        .addColumn("jitter_ms", t.bigint, (c) => c.notNull())
        .addColumn("paused", t.boolean, (c) => c.notNull())
        .addColumn("pause_on_failure", t.boolean, (c) => c.notNull())
        .addColumn("start_at", t.timestamp)
        .addColumn("end_at", t.timestamp)
        .addColumn("source", t.text, (c) => c.notNull())
        .addColumn("next_fire_at", t.timestamp)
        .addColumn("due_at", t.timestamp)
        .addColumn("buffered_tick", t.timestamp)
        .addColumn("last_fired_at", t.timestamp)
        .addColumn("recent_runs", t.json, (c) => c.notNull())
        .addColumn("fired_count", t.bigint, (c) => c.notNull())
        .addColumn("skipped_count", t.bigint, (c) => c.notNull())
        .addColumn("missed_count", t.bigint, (c) => c.notNull())
        .addColumn("last_error", t.text)
        .addColumn("created_at", t.timestamp, (c) => c.notNull())
        .addColumn("updated_at", t.timestamp, (c) => c.notNull())
        .addColumn("version", t.integer, (c) => c.notNull())
        .execute();
      await sql
        .raw(
          `create index stageflow_schedules_due_idx on stageflow_schedules (due_at, id) where ${unpaused} and due_at is not null`,
        )
        .execute(db);
      await sql
        .raw(
          "create index stageflow_schedules_workflow_idx on stageflow_schedules (workflow_id, id)",
        )
        .execute(db);
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("stageflow_schedules").ifExists().execute();
    },
  };
}
