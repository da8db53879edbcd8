/**
 * A kernel on a real database (SQLite file or a fresh Postgres schema) with cross-run batching,
 * driven step by step the way a host would: claim runs, execute jobs, run the collector, poll
 * suspended stages, transition resumed runs, move the FakeClock.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AIBatchingPort, AnyWorkflow } from "@stageflow/core";
import { createKernel, createWorkflowRegistry, type Kernel, silentLogger } from "@stageflow/kernel";
import {
  createKyselyAICallLogger,
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
  createSqliteDatabase,
  type KyselyAICallLogger,
  migrateToLatest,
  type StageflowDatabase,
} from "@stageflow/persistence-kysely";
import { CollectingEventSink, FakeClock } from "@stageflow/testing";
import { type Kysely, sql } from "kysely";

/** The databases every scenario runs on. */
export const DATABASES = ["sqlite", "postgres"] as const;
export type DatabaseName = (typeof DATABASES)[number];

const PG_URL = process.env.STAGEFLOW_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A migrated database and how to drop it. */
export interface TestDatabase {
  readonly db: Kysely<StageflowDatabase>;
  teardown(): Promise<void>;
}

/** A migrated SQLite file in a temp directory, or a fresh Postgres schema (never skipped). */
export async function openDatabase(name: DatabaseName): Promise<TestDatabase> {
  if (name === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "stageflow-ai-batching-"));
    const db = createSqliteDatabase(join(dir, "stageflow.db"));
    await migrateToLatest(db);
    return {
      db,
      async teardown() {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const database = `sf_aibatch_${randomBytes(5).toString("hex")}`;
  const admin = createPostgresDatabase(PG_URL, { maxConnections: 1 });
  await sql.raw(`create database ${database}`).execute(admin);
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  const db = createPostgresDatabase(url.toString(), { maxConnections: 4 });
  await migrateToLatest(db);
  return {
    db,
    async teardown() {
      await db.destroy();
      await sql.raw(`drop database ${database} with (force)`).execute(admin);
      await admin.destroy();
    },
  };
}

/** A kernel with batching on a test database. */
export interface BatchingHarness {
  readonly kernel: Kernel;
  readonly clock: FakeClock;
  readonly db: Kysely<StageflowDatabase>;
  readonly persistence: ReturnType<typeof createKyselyPersistence>;
  readonly aiCalls: KyselyAICallLogger;
  /** Runs the host's steps until every run is final (or `maxRounds`), moving the clock by `stepMs`. */
  drive(options?: { stepMs?: number; maxRounds?: number }): Promise<void>;
  /**
   * One round of the host's steps, without moving the clock. `onFlushed` gets the
   * `performance.now()` at which the collector's flush started, once it returned.
   */
  round(options?: { onFlushed?: (flushStartedAt: number) => void }): Promise<void>;
  teardown(): Promise<void>;
}

/** Sets up a kernel over `database` with the port `makePort(logger)` and the workflows. */
export async function createHarness(
  database: DatabaseName,
  workflows: readonly AnyWorkflow[],
  makePort: (logger: KyselyAICallLogger) => AIBatchingPort,
): Promise<BatchingHarness> {
  const target = await openDatabase(database);
  const clock = new FakeClock("2030-01-01T00:00:00.000Z");
  const persistence = createKyselyPersistence(target.db);
  const jobTransport = createKyselyJobTransport(target.db);
  const aiCalls = createKyselyAICallLogger(target.db);
  const kernel = createKernel({
    persistence,
    jobTransport,
    blobStore: createKyselyBlobStore(target.db),
    eventSink: new CollectingEventSink(),
    clock,
    registry: createWorkflowRegistry(workflows),
    aiBatching: makePort(aiCalls),
    logger: silentLogger,
  });
  const workerId = "w1";
  const round = async (options: { onFlushed?: (flushStartedAt: number) => void } = {}) => {
    await kernel.dispatch({ type: "run.claimPending", workerId, maxClaims: 1_000 });
    for (;;) {
      const jobs = await jobTransport.dequeue({ workerId, limit: 50, now: clock.now() });
      if (jobs.length === 0) break;
      for (const job of jobs) {
        await kernel.dispatch({
          type: "job.execute",
          jobId: job.id,
          workflowRunId: job.workflowRunId,
          workflowId: job.workflowId,
          stageId: job.stageId,
          workerId,
        });
      }
    }
    const flushStartedAt = performance.now();
    await kernel.dispatch({ type: "aiBatch.flush", workerId, maxSubmissions: 100, maxPolls: 100 });
    options.onFlushed?.(flushStartedAt);
    const polled = await kernel.dispatch({ type: "stage.pollSuspended", maxChecks: 1_000 });
    for (const id of new Set(polled.resumedWorkflowRunIds)) {
      await kernel.dispatch({ type: "run.transition", workflowRunId: id });
    }
  };
  return {
    kernel,
    clock,
    db: target.db,
    persistence,
    aiCalls,
    round,
    async drive({ stepMs = 1_000, maxRounds = 40 } = {}) {
      for (let i = 0; i < maxRounds; i++) {
        await round();
        const open = await target.db
          .selectFrom("stageflow_runs")
          .select("id")
          .where("status", "in", ["PENDING", "RUNNING"])
          .execute();
        if (open.length === 0) return;
        clock.advance(stepMs);
      }
    },
    teardown: () => target.teardown(),
  };
}
