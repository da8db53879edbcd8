/**
 * Pickup and resume times on default host settings (no `wakeups` option, default intervals):
 * SQLite and Postgres, one and two workers. Pickup: `run.create` committed → first stage body
 * starts. Resume: a batch stage suspended with a 1 s poll interval → its completion check runs.
 * Usage: `pnpm tsx src/first-hour/first-hour.ts [runs]` (STAGEFLOW_PG_URL for Postgres).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineAsyncBatchStage, defineStage, WorkflowBuilder } from "@stageflow/core";
import { createNodeHost, type NodeHost } from "@stageflow/host-node";
import {
  createKernel,
  createWorkflowRegistry,
  type Kernel,
  silentLogger,
  systemClock,
} from "@stageflow/kernel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
  createSqliteDatabase,
  migrateToLatest,
  type StageflowDatabase,
} from "@stageflow/persistence-kysely";
import type { Kysely } from "kysely";
import pg from "pg";
import { z } from "zod";

const RUNS = Number(process.argv[2] ?? 20);
const PG_URL = process.env.STAGEFLOW_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const Empty = z.object({ n: z.number() });

const createdAt = new Map<string, number>();
const pickups: number[] = [];
const suspendedAt = new Map<string, number>();
const resumes: number[] = [];

const quick = new WorkflowBuilder("quick", "Quick", "one stage", Empty, Empty)
  .pipe(
    defineStage({
      id: "first",
      name: "first",
      schemas: { input: Empty, output: Empty, config: z.object({}) },
      async execute(ctx) {
        const created = createdAt.get(ctx.workflowRunId);
        if (created !== undefined && ctx.attempt === 1) pickups.push(Date.now() - created);
        return { output: ctx.input };
      },
    }),
  )
  .build();

const batch = new WorkflowBuilder("batch", "Batch", "a 1 s batch", Empty, Empty)
  .pipe(
    defineAsyncBatchStage({
      id: "batch",
      name: "batch",
      mode: "async-batch",
      schemas: { input: Empty, output: Empty, config: z.object({}) },
      async execute(ctx) {
        suspendedAt.set(ctx.workflowRunId, Date.now());
        const submittedAt = ctx.clock.now().toISOString();
        return {
          suspended: true,
          state: {
            batchId: ctx.workflowRunId,
            submittedAt,
            pollInterval: 1_000,
            maxWaitTime: 60_000,
          },
        };
      },
      async checkCompletion(_state, ctx) {
        const at = suspendedAt.get(ctx.workflowRunId);
        if (at !== undefined) resumes.push(Date.now() - at);
        return { ready: true, output: { n: 1 } };
      },
    }),
  )
  .build();

function kernelOn(db: Kysely<StageflowDatabase>): Kernel {
  return createKernel({
    persistence: createKyselyPersistence(db),
    blobStore: createKyselyBlobStore(db),
    jobTransport: createKyselyJobTransport(db),
    eventSink: { emit: async () => {} },
    clock: systemClock,
    registry: createWorkflowRegistry([quick, batch]),
    logger: silentLogger,
  });
}

interface Setup {
  /** One database object per worker; the first also creates the runs. */
  readonly dbs: Kysely<StageflowDatabase>[];
  close(): Promise<void>;
}

async function sqlite(workers: number): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), "stageflow-first-hour-"));
  const file = join(dir, "bench.db");
  const dbs = Array.from({ length: workers }, () => createSqliteDatabase(file));
  await migrateToLatest(dbs[0] as Kysely<StageflowDatabase>);
  return {
    dbs,
    async close() {
      for (const db of dbs) await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgres(workers: number): Promise<Setup> {
  const schema = `sf_first_hour_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Pool({ connectionString: PG_URL, max: 1 });
  await admin.query(`create schema ${schema}`);
  const url = new URL(PG_URL);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const dbs = Array.from({ length: workers + 1 }, () => createPostgresDatabase(url.toString()));
  await migrateToLatest(dbs[0] as Kysely<StageflowDatabase>);
  return {
    // The last database object is a separate client process's view: runs come from it.
    dbs,
    async close() {
      for (const db of dbs) await db.destroy();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${sorted.at(-1)} ms (n=${sorted.length})`;
}

async function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function measure(name: string, setup: Setup, workers: number): Promise<string> {
  pickups.length = 0;
  resumes.length = 0;
  const hosts: NodeHost[] = [];
  for (let i = 0; i < workers; i += 1) {
    const db = setup.dbs[i] as Kysely<StageflowDatabase>;
    const host = createNodeHost({
      kernel: kernelOn(db),
      jobTransport: createKyselyJobTransport(db),
      workerId: `${name}-w${i + 1}`,
      handleSignals: false,
      logger: silentLogger,
    });
    await host.start();
    hosts.push(host);
  }
  const client = kernelOn(
    setup.dbs[setup.dbs.length > workers ? workers : 0] as Kysely<StageflowDatabase>,
  );
  for (let i = 0; i < RUNS; i += 1) {
    const started = Date.now();
    const { workflowRunId } = await client.dispatch({
      type: "run.create",
      workflowId: "quick",
      input: { n: i },
    });
    createdAt.set(workflowRunId, started);
    await waitFor(() => pickups.length > i, 30_000);
  }
  for (let i = 0; i < Math.min(RUNS, 5); i += 1) {
    await client.dispatch({ type: "run.create", workflowId: "batch", input: { n: i } });
  }
  await waitFor(() => resumes.length >= Math.min(RUNS, 5), 60_000);
  for (const host of hosts) await host.stop();
  return `${name}, ${workers} worker(s): pickup ${stats(pickups)}; resume of a 1 s batch ${stats(resumes)}`;
}

const lines: string[] = [];
for (const workers of [1, 2]) {
  const lite = await sqlite(workers);
  lines.push(await measure("sqlite", lite, workers));
  await lite.close();
  const pgSetup = await postgres(workers);
  lines.push(await measure("postgres", pgSetup, workers));
  await pgSetup.close();
}
for (const line of lines) console.log(line);
