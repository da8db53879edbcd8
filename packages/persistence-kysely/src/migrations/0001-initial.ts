import { type Kysely, type Migration, sql } from "kysely";
import type { StageflowDialect } from "../database/stageflow-dialect";
import { columnTypesFor } from "./column-types-for";

const TABLES = [
  "stageflow_ai_calls",
  "stageflow_blobs",
  "stageflow_idempotency_keys",
  "stageflow_outbox_sequences",
  "stageflow_outbox_events",
  "stageflow_logs",
  "stageflow_jobs",
  "stageflow_stages",
  "stageflow_runs",
] as const;

/** Partial and composite indexes of the hot queries; identical SQL on both dialects. */
const INDEXES = [
  // run.claimPending: PENDING runs by priority, then age.
  `create index stageflow_runs_pending_idx on stageflow_runs (priority desc, created_at, id) where status = 'PENDING'`,
  // listRuns / run.reapStuck: by status and age of the last update.
  "create index stageflow_runs_status_updated_idx on stageflow_runs (status, updated_at)",
  "create index stageflow_runs_workflow_idx on stageflow_runs (workflow_id, created_at)",
  "create index stageflow_runs_created_idx on stageflow_runs (created_at, id)",
  // stage.pollSuspended: due SUSPENDED stages, earliest first.
  `create index stageflow_stages_suspended_idx on stageflow_stages (next_poll_at, id) where status = 'SUSPENDED'`,
  // dequeue: PENDING jobs by priority, then age.
  `create index stageflow_jobs_dequeue_idx on stageflow_jobs (priority desc, created_at, id) where status = 'PENDING'`,
  // lease.reapStale: RUNNING jobs by last heartbeat.
  `create index stageflow_jobs_heartbeat_idx on stageflow_jobs (heartbeat_at) where status = 'RUNNING'`,
  "create index stageflow_jobs_run_idx on stageflow_jobs (workflow_run_id, stage_id)",
  "create index stageflow_logs_run_idx on stageflow_logs (workflow_run_id, id)",
  // outbox.flush: the PENDING events of each run in sequence order.
  `create index stageflow_outbox_pending_idx on stageflow_outbox_events (workflow_run_id, sequence) where status = 'PENDING'`,
  // outbox.flush: runs served by the age of their lowest PENDING event.
  `create index stageflow_outbox_claim_idx on stageflow_outbox_events (created_at, id) where status = 'PENDING'`,
  `create index stageflow_outbox_dlq_idx on stageflow_outbox_events (created_at, id) where status = 'DLQ'`,
  "create index stageflow_ai_calls_topic_idx on stageflow_ai_calls (topic)",
  "create index stageflow_ai_calls_run_idx on stageflow_ai_calls (workflow_run_id)",
];

/**
 * `0001_initial`: every Stageflow table and the indexes of its hot queries. Released migrations
 * are immutable; schema changes go into new numbered migrations.
 *
 * @param dialect - the dialect whose column types to use.
 */
export function initialMigration(dialect: StageflowDialect): Migration {
  const t = columnTypesFor(dialect);
  const nowDefault =
    dialect === "postgres" ? sql`now()` : sql`(cast(unixepoch('subsec') * 1000 as integer))`;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("stageflow_runs")
        .addColumn("id", t.key, (c) => c.primaryKey())
        .addColumn("workflow_id", t.key, (c) => c.notNull())
        .addColumn("status", t.text, (c) => c.notNull())
        .addColumn("input", t.json)
        .addColumn("config", t.json, (c) => c.notNull())
        .addColumn("priority", t.integer, (c) => c.notNull())
        .addColumn("metadata", t.json)
        .addColumn("current_group", t.integer)
        .addColumn("output", t.json)
        .addColumn("error", t.json)
        .addColumn("total_cost", t.double, (c) => c.notNull().defaultTo(0))
        .addColumn("total_tokens", t.bigint, (c) => c.notNull().defaultTo(0))
        .addColumn("claimed_by", t.text)
        .addColumn("created_at", t.timestamp, (c) => c.notNull())
        .addColumn("started_at", t.timestamp)
        .addColumn("completed_at", t.timestamp)
        .addColumn("updated_at", t.timestamp, (c) => c.notNull())
        .addColumn("version", t.integer, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("stageflow_stages")
        .addColumn("id", t.key, (c) => c.primaryKey())
        .addColumn("workflow_run_id", t.key, (c) => c.notNull())
        .addColumn("stage_id", t.key, (c) => c.notNull())
        .addColumn("stage_name", t.text, (c) => c.notNull())
        .addColumn("group_index", t.integer, (c) => c.notNull())
        .addColumn("status", t.text, (c) => c.notNull())
        .addColumn("attempt", t.integer, (c) => c.notNull())
        .addColumn("output_ref", t.text)
        .addColumn("suspended_state", t.json)
        .addColumn("next_poll_at", t.timestamp)
        .addColumn("poll_interval_ms", t.bigint)
        .addColumn("max_wait_until", t.timestamp)
        .addColumn("error", t.json)
        .addColumn("progress", t.json)
        .addColumn("metrics", t.json)
        .addColumn("cost", t.double, (c) => c.notNull().defaultTo(0))
        .addColumn("input_tokens", t.bigint, (c) => c.notNull().defaultTo(0))
        .addColumn("output_tokens", t.bigint, (c) => c.notNull().defaultTo(0))
        .addColumn("started_at", t.timestamp)
        .addColumn("completed_at", t.timestamp)
        .addColumn("duration_ms", t.bigint)
        .addColumn("created_at", t.timestamp, (c) => c.notNull())
        .addColumn("updated_at", t.timestamp, (c) => c.notNull())
        .addColumn("version", t.integer, (c) => c.notNull())
        .addUniqueConstraint("stageflow_stages_run_stage_key", ["workflow_run_id", "stage_id"])
        .execute();

      await db.schema
        .createTable("stageflow_jobs")
        .addColumn("id", t.key, (c) => c.primaryKey())
        .addColumn("workflow_run_id", t.key, (c) => c.notNull())
        .addColumn("workflow_id", t.key, (c) => c.notNull())
        .addColumn("stage_id", t.key, (c) => c.notNull())
        .addColumn("status", t.text, (c) => c.notNull())
        .addColumn("priority", t.integer, (c) => c.notNull())
        .addColumn("attempt", t.integer, (c) => c.notNull())
        .addColumn("max_attempts", t.integer, (c) => c.notNull())
        .addColumn("payload", t.json, (c) => c.notNull())
        .addColumn("available_at", t.timestamp, (c) => c.notNull())
        .addColumn("locked_by", t.text)
        .addColumn("locked_at", t.timestamp)
        .addColumn("heartbeat_at", t.timestamp)
        .addColumn("last_error", t.text)
        .addColumn("created_at", t.timestamp, (c) => c.notNull())
        .addColumn("updated_at", t.timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("stageflow_logs")
        .addColumn("id", dialect === "postgres" ? "bigint" : "integer", (c) =>
          dialect === "postgres"
            ? c.primaryKey().generatedAlwaysAsIdentity()
            : c.primaryKey().autoIncrement(),
        )
        .addColumn("workflow_run_id", t.key, (c) => c.notNull())
        .addColumn("stage_id", t.key)
        .addColumn("stage_record_id", t.key)
        .addColumn("level", t.text, (c) => c.notNull())
        .addColumn("message", t.text, (c) => c.notNull())
        .addColumn("meta", t.json)
        .addColumn("created_at", t.timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("stageflow_outbox_events")
        .addColumn("id", t.key, (c) => c.primaryKey())
        .addColumn("workflow_run_id", t.key, (c) => c.notNull())
        .addColumn("sequence", t.integer, (c) => c.notNull())
        .addColumn("type", t.text, (c) => c.notNull())
        .addColumn("payload", t.json, (c) => c.notNull())
        .addColumn("status", t.text, (c) => c.notNull())
        .addColumn("retry_count", t.integer, (c) => c.notNull().defaultTo(0))
        .addColumn("last_error", t.text)
        .addColumn("claimed_by", t.text)
        .addColumn("claimed_until", t.timestamp)
        .addColumn("created_at", t.timestamp, (c) => c.notNull())
        .addColumn("published_at", t.timestamp)
        .addUniqueConstraint("stageflow_outbox_run_sequence_key", ["workflow_run_id", "sequence"])
        .execute();

      await db.schema
        .createTable("stageflow_outbox_sequences")
        .addColumn("workflow_run_id", t.key, (c) => c.primaryKey())
        .addColumn("last_sequence", t.integer, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("stageflow_idempotency_keys")
        .addColumn("key", t.key, (c) => c.notNull())
        .addColumn("command_type", t.key, (c) => c.notNull())
        .addColumn("status", t.text, (c) => c.notNull())
        .addColumn("result", t.json)
        .addColumn("locked_at", t.timestamp, (c) => c.notNull())
        .addColumn("created_at", t.timestamp, (c) => c.notNull())
        .addColumn("updated_at", t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint("stageflow_idempotency_keys_pkey", ["key", "command_type"])
        .execute();

      await db.schema
        .createTable("stageflow_blobs")
        .addColumn("key", t.key, (c) => c.primaryKey())
        .addColumn("value", t.text)
        .addColumn("size_bytes", t.bigint, (c) => c.notNull())
        .addColumn("updated_at", t.timestamp, (c) => c.notNull().defaultTo(nowDefault))
        .execute();

      await db.schema
        .createTable("stageflow_ai_calls")
        .addColumn("id", dialect === "postgres" ? "bigint" : "integer", (c) =>
          dialect === "postgres"
            ? c.primaryKey().generatedAlwaysAsIdentity()
            : c.primaryKey().autoIncrement(),
        )
        .addColumn("topic", t.key, (c) => c.notNull())
        .addColumn("provider", t.text, (c) => c.notNull())
        .addColumn("model", t.text, (c) => c.notNull())
        .addColumn("kind", t.text, (c) => c.notNull())
        .addColumn("input_tokens", t.bigint, (c) => c.notNull())
        .addColumn("output_tokens", t.bigint, (c) => c.notNull())
        .addColumn("cost", t.double, (c) => c.notNull())
        .addColumn("batch", t.boolean, (c) => c.notNull())
        .addColumn("status", t.text, (c) => c.notNull())
        .addColumn("error", t.text)
        .addColumn("duration_ms", t.bigint, (c) => c.notNull())
        .addColumn("workflow_run_id", t.key)
        .addColumn("stage_id", t.key)
        .addColumn("batch_id", t.text)
        .addColumn("request_id", t.text)
        .addColumn("created_at", t.timestamp, (c) => c.notNull())
        .execute();

      for (const statement of INDEXES) await sql.raw(statement).execute(db);
    },

    async down(db: Kysely<unknown>) {
      for (const table of TABLES) await db.schema.dropTable(table).ifExists().execute();
    },
  };
}
