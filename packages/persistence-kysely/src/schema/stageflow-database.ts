import type { AIBatchesTable, AIBatchRequestsTable } from "./ai-batches-table";
import type { AICallsTable } from "./ai-calls-table";
import type { BlobsTable } from "./blobs-table";
import type { IdempotencyKeysTable } from "./idempotency-keys-table";
import type { JobsTable } from "./jobs-table";
import type { LogsTable } from "./logs-table";
import type { OutboxEventsTable, OutboxSequencesTable } from "./outbox-events-table";
import type { RunsTable } from "./runs-table";
import type { SchedulesTable } from "./schedules-table";
import type { StagesTable } from "./stages-table";

/**
 * The Stageflow tables as a Kysely `Database` interface. Every table is prefixed `stageflow_` so
 * it can live beside the application's own tables. Timestamps are `timestamptz` on Postgres and
 * epoch milliseconds on SQLite; JSON is `jsonb` on Postgres and text on SQLite.
 *
 * @example
 * ```ts
 * const db: Kysely<StageflowDatabase> = createSqliteDatabase("stageflow.db");
 * const failed = await db.selectFrom("stageflow_runs").where("status", "=", "FAILED").selectAll().execute();
 * ```
 */
export interface StageflowDatabase {
  stageflow_runs: RunsTable;
  stageflow_stages: StagesTable;
  stageflow_jobs: JobsTable;
  stageflow_logs: LogsTable;
  stageflow_outbox_events: OutboxEventsTable;
  stageflow_outbox_sequences: OutboxSequencesTable;
  stageflow_idempotency_keys: IdempotencyKeysTable;
  stageflow_blobs: BlobsTable;
  stageflow_ai_calls: AICallsTable;
  stageflow_schedules: SchedulesTable;
  stageflow_ai_batch_requests: AIBatchRequestsTable;
  stageflow_ai_batches: AIBatchesTable;
}
