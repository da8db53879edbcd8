/**
 * `@stageflow/persistence-kysely` — Stageflow's storage on Kysely: `Persistence`, `JobTransport`
 * (with instant wake-ups), `BlobStore` and an AI call logger, for SQLite (`better-sqlite3`, the
 * embedded default) and Postgres (`pg`, for several workers: `FOR UPDATE SKIP LOCKED`,
 * `LISTEN/NOTIFY`). Migrations ship as code; run `migrateToLatest(db)` at start-up.
 *
 * @example
 * ```ts
 * import {
 *   createKyselyBlobStore, createKyselyJobTransport, createKyselyPersistence,
 *   createSqliteDatabase, migrateToLatest,
 * } from "@stageflow/persistence-kysely";
 *
 * const db = createSqliteDatabase("./stageflow.db"); // or createPostgresDatabase(process.env.DATABASE_URL!)
 * await migrateToLatest(db);
 * const kernel = createKernel({
 *   persistence: createKyselyPersistence(db),
 *   jobTransport: createKyselyJobTransport(db),
 *   blobStore: createKyselyBlobStore(db),
 *   eventSink, clock: systemClock, registry,
 * });
 * ```
 *
 * @packageDocumentation
 */

export type {
  AIBatchInfoShape,
  AICallRecordShape,
  AIStatsShape,
  KyselyAICallLogger,
} from "./ai-call-logger/ai-call-shapes";
export { createKyselyAICallLogger } from "./ai-call-logger/create-kysely-ai-call-logger";
export type {
  AIBudgetDecisionShape,
  AIBudgetReservationShape,
  AIBudgetStateShape,
  AIMemoEntryShape,
  AIRateLimitDecisionShape,
  AIRateLimitRuleShape,
  AIRateLimitTicketShape,
  KyselyAIBudgetLedger,
  KyselyAIMemoStore,
  KyselyAIRateLimiter,
} from "./ai-guards/ai-guard-shapes";
export { createKyselyAIBudgetLedger } from "./ai-guards/create-kysely-ai-budget-ledger";
export {
  createKyselyAIMemoStore,
  DEFAULT_AI_MEMO_TTL_MS,
  type KyselyAIMemoStoreOptions,
} from "./ai-guards/create-kysely-ai-memo-store";
export {
  createKyselyAIRateLimiter,
  type KyselyAIRateLimiterOptions,
} from "./ai-guards/create-kysely-ai-rate-limiter";
export { createKyselyBlobStore } from "./blob-store/create-kysely-blob-store";
export {
  createPostgresDatabase,
  type PostgresDatabaseOptions,
} from "./database/create-postgres-database";
export {
  createSqliteDatabase,
  type SqliteDatabaseOptions,
} from "./database/create-sqlite-database";
export type { PgClient, PgPool } from "./database/postgres-shapes";
export type { StageflowDialect } from "./database/stageflow-dialect";
export { DriverNotInstalledError } from "./errors/driver-not-installed-error";
export { InvalidDatabaseOptionError } from "./errors/invalid-database-option-error";
export { MigrationFailedError } from "./errors/migration-failed-error";
export { OutboxEventNotFoundError } from "./errors/outbox-event-not-found-error";
export { SchemaNotMigratedError } from "./errors/schema-not-migrated-error";
export { UnknownDatabaseError } from "./errors/unknown-database-error";
export { createKyselyJobTransport } from "./job-transport/create-kysely-job-transport";
export type {
  KyselyJobTransport,
  SubscribeOptions,
} from "./job-transport/kysely-job-transport";
export {
  type DatabaseStatus,
  getDatabaseStatus,
  type MigrationState,
  type TableSize,
} from "./migrations/get-database-status";
export {
  type MigrateToLatestResult,
  migrateToLatest,
  STAGEFLOW_MIGRATION_LOCK_TABLE,
  STAGEFLOW_MIGRATION_TABLE,
} from "./migrations/migrate-to-latest";
export { StageflowMigrationProvider } from "./migrations/stageflow-migration-provider";
export {
  createKyselyPersistence,
  type KyselyPersistenceOptions,
} from "./persistence/create-kysely-persistence";
export type { AICallsTable } from "./schema/ai-calls-table";
export type { BlobsTable } from "./schema/blobs-table";
export type * from "./schema/column-types";
export type { IdempotencyKeysTable } from "./schema/idempotency-keys-table";
export type { JobsTable } from "./schema/jobs-table";
export type { LogsTable } from "./schema/logs-table";
export type { OutboxEventsTable, OutboxSequencesTable } from "./schema/outbox-events-table";
export type { RunsTable } from "./schema/runs-table";
export type { StageflowDatabase } from "./schema/stageflow-database";
export type { StagesTable } from "./schema/stages-table";
export { POSTGRES_CHANNELS, type WakeupChannel } from "./wakeups/wakeup-channel";
