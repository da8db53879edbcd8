import { isStageflowError } from "@stageflow/core";
import { type Kysely, Migrator, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createSqliteDatabase,
  STAGEFLOW_MIGRATION_LOCK_TABLE,
  STAGEFLOW_MIGRATION_TABLE,
  type StageflowDatabase,
  StageflowMigrationProvider,
} from "../src/index";
import { newRun, T0 } from "./helpers/fixtures";
import { createPostgresTestSchema } from "./helpers/postgres-test-schema";

type Opened = { db: Kysely<StageflowDatabase>; teardown(): Promise<void> };

const OPEN: Record<string, () => Promise<Opened>> = {
  sqlite: async () => {
    const db = createSqliteDatabase(":memory:");
    return { db, teardown: () => db.destroy() };
  },
  postgres: () => createPostgresTestSchema({ migrate: false }),
};

async function codeOf(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return {
      code: isStageflowError(error) ? error.code : undefined,
      message: error instanceof Error ? error.message : String(error),
    };
  }
  throw new Error("expected a rejection");
}

/** Applies only `0001_initial`: the schema of the previous release, without migration 0003. */
async function migrateToInitialOnly(db: Kysely<StageflowDatabase>, dialect: "sqlite" | "postgres") {
  // Like migrateToLatest: on Postgres the migrator's tables live in the current schema (Kysely
  // would otherwise see those of another schema on the server and skip creating its own).
  const schema =
    dialect === "postgres"
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]
          ?.schema
      : undefined;
  const migrator = new Migrator({
    db,
    provider: new StageflowMigrationProvider(dialect),
    migrationTableName: STAGEFLOW_MIGRATION_TABLE,
    migrationLockTableName: STAGEFLOW_MIGRATION_LOCK_TABLE,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateTo("0001_initial");
  if (error) throw error;
}

describe.each(Object.keys(OPEN))("a database that was not migrated (%s)", (name) => {
  let opened: Opened | undefined;
  afterEach(async () => {
    await opened?.teardown();
    opened = undefined;
  });

  it("rejects every adapter call with SCHEMA_NOT_MIGRATED: run migrateToLatest(db) first", async () => {
    opened = await (OPEN[name] as () => Promise<Opened>)();
    const persistence = createKyselyPersistence(opened.db);
    const transport = createKyselyJobTransport(opened.db);
    const blobs = createKyselyBlobStore(opened.db);
    for (const attempt of [
      () => persistence.createRun(newRun()),
      () => persistence.getRun("r-1"),
      () => persistence.withTransaction((tx) => tx.listRuns({})),
      () => transport.dequeue({ workerId: "w", limit: 1, now: T0 }),
      () => transport.nextDueAt({ after: T0 }),
      () => blobs.get("k"),
    ]) {
      const failure = await codeOf(attempt());
      expect(failure.code).toBe("SCHEMA_NOT_MIGRATED");
      expect(failure.message).toMatch(/run migrateToLatest\(db\) first/);
    }
  });

  it("names a missing column of a later migration the same way", async () => {
    opened = await (OPEN[name] as () => Promise<Opened>)();
    await migrateToInitialOnly(opened.db, name === "postgres" ? "postgres" : "sqlite");
    const persistence = createKyselyPersistence(opened.db);
    // A run's insert writes columns of later migrations (0003's cancel reason, 0006's trace
    // context), so it is the first write that meets a database left at 0001.
    const failure = await codeOf(persistence.createRun(newRun()));
    expect(failure.code).toBe("SCHEMA_NOT_MIGRATED");
    expect(failure.message).toContain("run migrateToLatest(db) first");
    // Other database errors are not disguised.
    const other = await codeOf(sql`select * from nowhere_at_all`.execute(opened.db));
    expect(other.code).toBeUndefined();
  });
});
