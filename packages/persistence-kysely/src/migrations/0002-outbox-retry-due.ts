import { type Kysely, type Migration, sql } from "kysely";
import type { StageflowDialect } from "../database/stageflow-dialect";
import { columnTypesFor } from "./column-types-for";

/**
 * `0002_outbox_retry_due`: the due time of an outbox event's next publish attempt after a failure
 * (`next_attempt_at`, null when due now), with partial indexes for the next-due-time query of
 * hosts (retries and claims of PENDING events). Released migrations are immutable.
 *
 * @param dialect - the dialect whose column types to use.
 */
export function outboxRetryDueMigration(dialect: StageflowDialect): Migration {
  const t = columnTypesFor(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("stageflow_outbox_events")
        .addColumn("next_attempt_at", t.timestamp)
        .execute();
      await sql
        .raw(
          "create index stageflow_outbox_retry_idx on stageflow_outbox_events (next_attempt_at) where status = 'PENDING' and next_attempt_at is not null",
        )
        .execute(db);
      await sql
        .raw(
          "create index stageflow_outbox_claimed_idx on stageflow_outbox_events (claimed_until) where status = 'PENDING' and claimed_until is not null",
        )
        .execute(db);
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex("stageflow_outbox_claimed_idx").ifExists().execute();
      await db.schema.dropIndex("stageflow_outbox_retry_idx").ifExists().execute();
      await db.schema.alterTable("stageflow_outbox_events").dropColumn("next_attempt_at").execute();
    },
  };
}
