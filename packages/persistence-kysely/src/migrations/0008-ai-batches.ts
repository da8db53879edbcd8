import { type Kysely, type Migration, sql } from "kysely";
import type { StageflowDialect } from "../database/stageflow-dialect";
import { columnTypesFor } from "./column-types-for";

/**
 * `0008_ai_batches`: cross-run AI batching. `stageflow_ai_batch_requests` holds every batched
 * request (written in its stage's suspension commit; its id is the provider's custom id) and
 * `stageflow_ai_batches` every provider batch the collector submitted or is submitting, with the
 * indexes of the collector's claims (pending requests per provider and model, due batches) and
 * of the lookups per batch, stage and run.
 *
 * @param dialect - the dialect whose column types to use.
 */
export function aiBatchesMigration(dialect: StageflowDialect): Migration {
  const t = columnTypesFor(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("stageflow_ai_batch_requests")
        .addColumn("id", t.key, (c) => c.primaryKey())
        .addColumn("workflow_run_id", t.key, (c) => c.notNull())
        .addColumn("stage_id", t.key, (c) => c.notNull())
        .addColumn("stage_record_id", t.key, (c) => c.notNull())
        .addColumn("attempt", t.integer, (c) => c.notNull())
        .addColumn("request_key", t.text, (c) => c.notNull())
        .addColumn("provider", t.key, (c) => c.notNull())
        .addColumn("model", t.key, (c) => c.notNull())
        .addColumn("spec", t.json, (c) => c.notNull())
        .addColumn("bytes", t.bigint, (c) => c.notNull())
        .addColumn("status", t.text, (c) => c.notNull())
        .addColumn("batch_id", t.key)
        .addColumn("value", t.json)
        .addColumn("error", t.text)
        .addColumn("input_tokens", t.bigint, (c) => c.notNull())
        .addColumn("output_tokens", t.bigint, (c) => c.notNull())
        .addColumn("cost", t.double, (c) => c.notNull())
        .addColumn("created_at", t.timestamp, (c) => c.notNull())
        .addColumn("updated_at", t.timestamp, (c) => c.notNull())
        .execute();
      await sql
        .raw(
          "create index stageflow_ai_batch_requests_pending_idx on stageflow_ai_batch_requests (provider, model, created_at, id) where status = 'PENDING'",
        )
        .execute(db);
      await sql
        .raw(
          "create index stageflow_ai_batch_requests_batch_idx on stageflow_ai_batch_requests (batch_id) where batch_id is not null",
        )
        .execute(db);
      await sql
        .raw(
          "create index stageflow_ai_batch_requests_stage_idx on stageflow_ai_batch_requests (stage_record_id, attempt)",
        )
        .execute(db);
      await sql
        .raw(
          "create index stageflow_ai_batch_requests_run_idx on stageflow_ai_batch_requests (workflow_run_id)",
        )
        .execute(db);
      await db.schema
        .createTable("stageflow_ai_batches")
        .addColumn("id", t.key, (c) => c.primaryKey())
        .addColumn("provider", t.key, (c) => c.notNull())
        .addColumn("model", t.key, (c) => c.notNull())
        .addColumn("status", t.text, (c) => c.notNull())
        .addColumn("provider_batch_id", t.text)
        .addColumn("metadata", t.json)
        .addColumn("request_ids", t.json, (c) => c.notNull())
        .addColumn("claimed_by", t.text)
        .addColumn("claimed_until", t.timestamp)
        .addColumn("next_poll_at", t.timestamp)
        .addColumn("poll_interval_ms", t.bigint, (c) => c.notNull())
        .addColumn("provider_status", t.text)
        .addColumn("error", t.text)
        .addColumn("submitted_at", t.timestamp)
        .addColumn("ended_at", t.timestamp)
        .addColumn("created_at", t.timestamp, (c) => c.notNull())
        .addColumn("updated_at", t.timestamp, (c) => c.notNull())
        .execute();
      await sql
        .raw(
          "create index stageflow_ai_batches_due_idx on stageflow_ai_batches (next_poll_at, id) where status = 'SUBMITTED'",
        )
        .execute(db);
      await sql
        .raw(
          "create index stageflow_ai_batches_submitting_idx on stageflow_ai_batches (claimed_until) where status = 'SUBMITTING'",
        )
        .execute(db);
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("stageflow_ai_batches").ifExists().execute();
      await db.schema.dropTable("stageflow_ai_batch_requests").ifExists().execute();
    },
  };
}
