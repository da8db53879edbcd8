import { Kysely, Migrator, SqliteDialect, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import {
  createKyselyPersistence,
  createSqliteDatabase,
  migrateToLatest,
  STAGEFLOW_MIGRATION_LOCK_TABLE,
  STAGEFLOW_MIGRATION_TABLE,
  type StageflowDatabase,
  StageflowMigrationProvider,
} from "../src/index";
import { createPostgresTestSchema, type PostgresTestSchema } from "./helpers/postgres-test-schema";
import { createSqliteTestDatabase } from "./helpers/sqlite-test-database";

const TABLES = [
  "stageflow_ai_batch_requests",
  "stageflow_ai_batches",
  "stageflow_ai_budgets",
  "stageflow_ai_calls",
  "stageflow_ai_memo",
  "stageflow_ai_rate_limit_holds",
  "stageflow_ai_rate_limits",
  "stageflow_blobs",
  "stageflow_idempotency_keys",
  "stageflow_jobs",
  "stageflow_logs",
  "stageflow_migrations",
  "stageflow_migrations_lock",
  "stageflow_outbox_events",
  "stageflow_outbox_sequences",
  "stageflow_runs",
  "stageflow_schedules",
  "stageflow_stages",
];

/** Every migration this version ships, in order. */
const MIGRATIONS = [
  "0001_initial",
  "0002_outbox_retry_due",
  "0003_run_failure_and_due_times",
  "0004_query_indexes",
  "0005_schedules",
  "0006_trace_context",
  "0008_ai_batches",
  "0009_ai_guards",
  "0010_ai_calls_created_index",
];

describe("migrations", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("ships numbered migrations as code", async () => {
    for (const dialect of ["postgres", "sqlite"] as const) {
      const names = Object.keys(await new StageflowMigrationProvider(dialect).getMigrations());
      expect(names).toEqual(MIGRATIONS);
      expect(names.every((n) => /^\d{4}_[a-z0-9_]+$/.test(n))).toBe(true);
    }
  });

  it("creates only stageflow_-prefixed tables on SQLite, applies once, and is idempotent", async () => {
    const target = await createSqliteTestDatabase("file");
    cleanups.push(target.teardown);
    const { rows } = await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
      target.db,
    );
    expect(rows.map((r) => r.name)).toEqual(TABLES);
    expect(await migrateToLatest(target.db)).toEqual({ applied: [] });
    const { rows: applied } = await sql<{
      name: string;
    }>`select name from ${sql.table(STAGEFLOW_MIGRATION_TABLE)}`.execute(target.db);
    expect(applied.map((r) => r.name)).toEqual(MIGRATIONS);
  });

  it("sets WAL, the busy timeout and foreign keys on a SQLite file", async () => {
    const target = await createSqliteTestDatabase("file");
    cleanups.push(target.teardown);
    const pragma = async (name: string) =>
      Object.values(
        (await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(target.db)).rows[0] ?? {},
      )[0];
    expect(await pragma("journal_mode")).toBe("wal");
    expect(await pragma("busy_timeout")).toBe(5000);
    expect(await pragma("foreign_keys")).toBe(1);
    expect(await pragma("synchronous")).toBe(1);
    expect(await pragma("wal_autocheckpoint")).toBe(10_000);
  });

  it("refuses a walAutocheckpointPages that is not a positive integer", () => {
    for (const value of [0, -1, 1.5, Number.NaN]) {
      expect(() => createSqliteDatabase(":memory:", { walAutocheckpointPages: value })).toThrow(
        expect.objectContaining({ code: "INVALID_DATABASE_OPTION" }),
      );
    }
  });

  it("migrates a fresh Postgres schema from several database objects at once", async () => {
    const schema: PostgresTestSchema = await createPostgresTestSchema({ migrate: false });
    cleanups.push(schema.teardown);
    const dbs = [schema.db, schema.openAnother(), schema.openAnother()];
    const results = await Promise.all(dbs.map((db) => migrateToLatest(db)));
    expect(results.flatMap((r) => r.applied)).toEqual(MIGRATIONS);
    const { rows } = await sql<{
      name: string;
    }>`select table_name as name from information_schema.tables where table_schema = current_schema() order by table_name`.execute(
      schema.db,
    );
    expect(rows.map((r) => r.name)).toEqual(TABLES);
    const columns = await sql<{ table: string; column: string; type: string }>`
      select table_name as table, column_name as column, data_type as type from information_schema.columns
      where table_schema = current_schema() and column_name in ('created_at', 'input', 'payload')`.execute(
      schema.db,
    );
    for (const row of columns.rows) {
      expect(row.type, `${row.table}.${row.column}`).toBe(
        row.column === "created_at" ? "timestamp with time zone" : "jsonb",
      );
    }
    expect(await migrateToLatest(schema.db)).toEqual({ applied: [] });
  });

  it("stores SQLite timestamps as epoch milliseconds", async () => {
    const target = await createSqliteTestDatabase("memory");
    cleanups.push(target.teardown);
    const when = new Date("2030-01-02T03:04:05.678Z");
    await createKyselyPersistence(target.db).createRun({
      workflowId: "wf",
      input: null,
      config: {},
      priority: 5,
      metadata: null,
      now: when,
    });
    const { rows } = await sql<{
      created_at: number;
      type: string;
    }>`select created_at, typeof(created_at) as type from stageflow_runs`.execute(target.db);
    expect(rows[0]).toEqual({ created_at: when.getTime(), type: "integer" });
  });

  it("refuses a Kysely instance that was not created by this package", async () => {
    const plain = new Kysely<StageflowDatabase>({
      dialect: new SqliteDialect({
        database: async () => {
          throw new Error("never opened");
        },
      }),
    });
    expect(() => createKyselyPersistence(plain)).toThrow(
      /createPostgresDatabase or createSqliteDatabase/,
    );
    await expect(migrateToLatest(plain)).rejects.toMatchObject({ code: "UNKNOWN_DATABASE" });
  });

  it("0006_trace_context adds empty trace columns to a database at 0001 and keeps its runs", async () => {
    const db = createSqliteDatabase(":memory:");
    cleanups.push(() => db.destroy());
    const migrator = new Migrator({
      db,
      provider: new StageflowMigrationProvider("sqlite"),
      migrationTableName: STAGEFLOW_MIGRATION_TABLE,
      migrationLockTableName: STAGEFLOW_MIGRATION_LOCK_TABLE,
    });
    expect((await migrator.migrateTo("0001_initial")).error).toBeUndefined();
    await sql`insert into stageflow_runs (id, workflow_id, status, config, priority, created_at, updated_at, version)
      values ('old-run', 'wf', 'PENDING', '{}', 5, 1, 1, 1)`.execute(db);
    expect(await migrateToLatest(db)).toEqual({ applied: MIGRATIONS.slice(1) });
    const persistence = createKyselyPersistence(db);
    expect(await persistence.getRun("old-run")).toMatchObject({
      id: "old-run",
      traceparent: null,
      tracestate: null,
    });
  });

  it("reports a migration failure as MigrationFailedError", async () => {
    const db = createSqliteDatabase(":memory:");
    cleanups.push(() => db.destroy());
    await sql`create table stageflow_runs (id text)`.execute(db);
    await expect(migrateToLatest(db)).rejects.toMatchObject({
      code: "MIGRATION_FAILED",
      migrationName: "0001_initial",
    });
  });
});
