import { mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import type { NodeHostOptions } from "@stageflow/host-node";
import type { EventSink, Persistence, StageflowEvent } from "@stageflow/kernel";
import { createKernel, createWorkflowRegistry, type Kernel, systemClock } from "@stageflow/kernel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
  createSqliteDatabase,
  type KyselyJobTransport,
  migrateToLatest,
  type StageflowDatabase,
} from "@stageflow/persistence-kysely";
import { type Kysely, sql } from "kysely";
import { BENCH_DATABASES, createPool, databaseUrl } from "../lib/databases";
import { noopOneStageWorkflow, noopWorkflow } from "./noop-workflow";

/** Where Stageflow stores its state in a bench case. */
export type Dialect = "postgres" | "sqlite";

/** The SQLite file of the bench (WAL mode, `synchronous = NORMAL`, the adapter's default). */
export const SQLITE_FILE = process.env.BENCH_SQLITE_FILE ?? "/tmp/stageflow-bench/stageflow.db";

/** A database with the Stageflow adapters and a kernel over them. */
export interface StageflowEnv {
  db: Kysely<StageflowDatabase>;
  persistence: Persistence;
  transport: KyselyJobTransport;
  kernel: Kernel;
  close(): Promise<void>;
}

/** Drops every Stageflow table (Postgres: the public schema of the bench database; SQLite: the file). */
export async function resetStageflow(dialect: Dialect): Promise<void> {
  if (dialect === "sqlite") {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${SQLITE_FILE}${suffix}`, { force: true });
  } else {
    const pool = createPool(BENCH_DATABASES.stageflow, 1);
    try {
      await pool.query("drop schema if exists public cascade; create schema public");
    } finally {
      await pool.end();
    }
  }
  const env = openStageflow(dialect, { poolSize: 2 });
  try {
    await migrateToLatest(env.db);
  } finally {
    await env.close();
  }
}

/** Options of {@link openStageflow}. */
export interface OpenOptions {
  /** Postgres pool size. */
  poolSize: number;
  /** Receives every event the kernel's outbox flush publishes. */
  onEvent?: (event: StageflowEvent) => void;
}

/** Opens the bench database with the Kysely adapters and a kernel knowing the no-op workflows. */
export function openStageflow(dialect: Dialect, options: OpenOptions): StageflowEnv {
  if (dialect === "sqlite") mkdirSync(dirname(SQLITE_FILE), { recursive: true });
  const db =
    dialect === "postgres"
      ? createPostgresDatabase(databaseUrl(BENCH_DATABASES.stageflow), {
          maxConnections: options.poolSize,
        })
      : createSqliteDatabase(SQLITE_FILE);
  const persistence = createKyselyPersistence(db);
  const transport = createKyselyJobTransport(db);
  const onEvent = options.onEvent;
  const eventSink: EventSink = {
    async emit(event) {
      onEvent?.(event);
    },
  };
  const kernel = createKernel({
    persistence,
    blobStore: createKyselyBlobStore(db),
    jobTransport: transport,
    eventSink,
    clock: systemClock,
    registry: createWorkflowRegistry([noopWorkflow, noopOneStageWorkflow]),
  });
  return {
    db,
    persistence,
    transport,
    kernel,
    async close() {
      await transport.close?.();
      await db.destroy();
    },
  };
}

/** Every status a run or job can have. */
const STATUSES = ["PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", "SUSPENDED"];

/**
 * Rows of `table` whose status is not `status` (raw SQL: the same on both dialects), counted as
 * the rows in each other status, so the status indexes answer it even next to a million
 * COMPLETED rows.
 */
export async function countNotInStatus(
  db: Kysely<StageflowDatabase>,
  table: "stageflow_jobs" | "stageflow_runs",
  status: string,
): Promise<number> {
  const others = STATUSES.filter((each) => each !== status);
  const { rows } = await sql<{
    c: number | string;
  }>`select count(*) as c from ${sql.table(table)} where status in (${sql.join(others)})`.execute(
    db,
  );
  return Number(rows[0]?.c ?? 0);
}

/**
 * Wake-up sources for new runs and outbox events, for `createNodeHost({ wakeups })`: the Kysely
 * transport's `subscribe` on the `runs` and `outbox` channels (Postgres `LISTEN`, SQLite in-process).
 */
export function hostWakeups(env: StageflowEnv): NonNullable<NodeHostOptions["wakeups"]> {
  return {
    runs: { subscribe: (listener) => env.transport.subscribe(listener, { channel: "runs" }) },
    outbox: { subscribe: (listener) => env.transport.subscribe(listener, { channel: "outbox" }) },
  };
}
