import { type Kysely, type Migration, sql } from "kysely";
import type { StageflowDialect } from "../database/stageflow-dialect";
import { columnTypesFor } from "./column-types-for";

/**
 * `0009_ai_guards`: what the AI helper's guards share across workers.
 *
 * - `stageflow_ai_rate_limits`: one row per limit key (provider / model): the lock a reservation
 *   takes, and `blocked_until` (epoch ms) set from a provider's 429 `Retry-After`.
 * - `stageflow_ai_rate_limit_holds`: one row per call reserved under a key, from its reservation
 *   (`reserved_at`) to its end (`ended_at`, null while in flight), epoch ms, with its tokens.
 * - `stageflow_ai_memo`: stored responses of memoized calls by content hash (response as JSON
 *   text), with their expiry.
 * - `stageflow_ai_budgets`: per run with a budget, the USD spent and reserved by in-flight calls.
 * - `stageflow_runs.budget_usd` (the run's budget) and `stageflow_ai_calls.cached` (a memo hit).
 *
 * Released migrations are immutable.
 *
 * @param dialect - the dialect whose column types to use.
 */
export function aiGuardsMigration(dialect: StageflowDialect): Migration {
  const t = columnTypesFor(dialect);
  const no = dialect === "postgres" ? sql`false` : sql`0`;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("stageflow_runs").addColumn("budget_usd", t.double).execute();
      await db.schema
        .alterTable("stageflow_ai_calls")
        .addColumn("cached", t.boolean, (c) => c.notNull().defaultTo(no))
        .execute();
      await db.schema
        .createTable("stageflow_ai_rate_limits")
        .addColumn("limit_key", t.key, (c) => c.primaryKey())
        .addColumn("blocked_until", t.bigint, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("stageflow_ai_rate_limit_holds")
        .addColumn("id", t.key, (c) => c.primaryKey())
        .addColumn("limit_key", t.key, (c) => c.notNull())
        .addColumn("reserved_at", t.bigint, (c) => c.notNull())
        .addColumn("ended_at", t.bigint)
        .addColumn("tokens", t.bigint, (c) => c.notNull())
        .execute();
      await sql
        .raw(
          "create index stageflow_ai_rate_limit_holds_key_idx on stageflow_ai_rate_limit_holds (limit_key, reserved_at)",
        )
        .execute(db);
      await db.schema
        .createTable("stageflow_ai_memo")
        .addColumn("cache_key", t.key, (c) => c.primaryKey())
        .addColumn("provider", t.text, (c) => c.notNull())
        .addColumn("model", t.text, (c) => c.notNull())
        .addColumn("kind", t.text, (c) => c.notNull())
        .addColumn("response", t.text, (c) => c.notNull())
        .addColumn("input_tokens", t.bigint, (c) => c.notNull())
        .addColumn("output_tokens", t.bigint, (c) => c.notNull())
        .addColumn("created_at", t.timestamp, (c) => c.notNull())
        .addColumn("expires_at", t.timestamp, (c) => c.notNull())
        .execute();
      await sql
        .raw("create index stageflow_ai_memo_expires_idx on stageflow_ai_memo (expires_at)")
        .execute(db);
      await db.schema
        .createTable("stageflow_ai_budgets")
        .addColumn("workflow_run_id", t.key, (c) => c.primaryKey())
        .addColumn("budget_usd", t.double, (c) => c.notNull())
        .addColumn("spent_usd", t.double, (c) => c.notNull())
        .addColumn("reserved_usd", t.double, (c) => c.notNull())
        .addColumn("updated_at", t.timestamp, (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("stageflow_ai_budgets").ifExists().execute();
      await db.schema.dropTable("stageflow_ai_memo").ifExists().execute();
      await db.schema.dropTable("stageflow_ai_rate_limit_holds").ifExists().execute();
      await db.schema.dropTable("stageflow_ai_rate_limits").ifExists().execute();
      await db.schema.alterTable("stageflow_ai_calls").dropColumn("cached").execute();
      await db.schema.alterTable("stageflow_runs").dropColumn("budget_usd").execute();
    },
  };
}
