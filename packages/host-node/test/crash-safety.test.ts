import { createKernel, createWorkflowRegistry, type Kernel, systemClock } from "@stageflow/kernel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
  migrateToLatest,
} from "@stageflow/persistence-kysely";
import { afterEach, describe, expect, it } from "vitest";
import { createCrashWorkflow } from "./crash/crash-workflow";
import { spawnWorker, type WorkerProcess } from "./crash/worker-process";
import { createTestDatabase, queryOnce, type TestDatabase } from "./fixtures/postgres-database";

const RUNS = 300;
const WORKERS = 3;
const KILL_EVERY_MS = 500;
const DEADLINE_MS = 150_000;

interface Cluster {
  readonly database: TestDatabase;
  readonly kernel: Kernel;
  readonly workers: WorkerProcess[];
  readonly retired: WorkerProcess[];
  spawn(): WorkerProcess;
  close(): Promise<void>;
}

async function startCluster(): Promise<Cluster> {
  const database = await createTestDatabase("sf_host_crash");
  const db = createPostgresDatabase(database.url, { maxConnections: 4 });
  await migrateToLatest(db);
  const jobTransport = createKyselyJobTransport(db);
  const kernel = createKernel({
    persistence: createKyselyPersistence(db),
    blobStore: createKyselyBlobStore(db),
    jobTransport,
    eventSink: { emit: async () => {} },
    clock: systemClock,
    registry: createWorkflowRegistry([createCrashWorkflow()]),
  });
  let next = 0;
  const workers: WorkerProcess[] = [];
  const retired: WorkerProcess[] = [];
  const cluster: Cluster = {
    database,
    kernel,
    workers,
    retired,
    spawn() {
      const worker = spawnWorker(database.url, `worker-${++next}`);
      workers.push(worker);
      return worker;
    },
    async close() {
      for (const worker of [...workers, ...retired]) worker.child.kill("SIGKILL");
      await Promise.all([...workers, ...retired].map((worker) => worker.exited));
      await jobTransport.close();
      await db.destroy();
      await database.drop();
    },
  };
  await Promise.all(Array.from({ length: WORKERS }, () => cluster.spawn().ready));
  return cluster;
}

async function createRuns(kernel: Kernel): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const { workflowRunId } = await kernel.dispatch({
      type: "run.create",
      workflowId: "crash",
      input: { value: i },
    });
    ids.push(workflowRunId);
  }
  return ids;
}

async function unfinishedRuns(url: string): Promise<number> {
  const [row] = await queryOnce<{ n: string }>(
    url,
    "select count(*) as n from stageflow_runs where status <> 'COMPLETED'",
  );
  return Number(row?.n);
}

/** Replaces a random worker every ~0.5 s with `signal` until every run completed. */
async function churn(cluster: Cluster, signal: NodeJS.Signals): Promise<number> {
  const deadline = Date.now() + DEADLINE_MS;
  let replaced = 0;
  while ((await unfinishedRuns(cluster.database.url)) > 0) {
    if (Date.now() > deadline) throw new Error(`runs still unfinished after ${DEADLINE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, KILL_EVERY_MS));
    const index = Math.floor(Math.random() * cluster.workers.length);
    const [victim] = cluster.workers.splice(index, 1);
    if (!victim) continue;
    victim.child.kill(signal);
    cluster.retired.push(victim);
    cluster.spawn();
    replaced += 1;
  }
  return replaced;
}

async function expectExactlyOnceCompletion(url: string, ids: readonly string[]): Promise<void> {
  const runs = await queryOnce<{ status: string; n: string }>(
    url,
    "select status, count(*) as n from stageflow_runs group by status",
  );
  expect(runs).toEqual([{ status: "COMPLETED", n: String(ids.length) }]);
  const completions = await queryOnce<{ run: string; stage: string; n: string }>(
    url,
    `select workflow_run_id as run, payload->>'stageId' as stage, count(*) as n
       from stageflow_outbox_events where type = 'stage:completed' group by 1, 2`,
  );
  expect(completions).toHaveLength(ids.length * 3);
  expect(completions.filter((row) => row.n !== "1")).toEqual([]);
  expect(new Set(completions.map((row) => row.run))).toEqual(new Set(ids));
  const running = await queryOnce<{ n: string }>(
    url,
    "select count(*) as n from stageflow_jobs where status = 'RUNNING'",
  );
  expect(running).toEqual([{ n: "0" }]);
}

describe("crash safety with real worker processes on Postgres", () => {
  let cluster: Cluster | undefined;
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  it(
    "SIGKILL of a random worker every ~0.5 s loses nothing and completes each stage once",
    async () => {
      cluster = await startCluster();
      const ids = await createRuns(cluster.kernel);
      const replaced = await churn(cluster, "SIGKILL");
      expect(replaced).toBeGreaterThan(0);
      // Stop the survivors gracefully, then check the database.
      for (const worker of cluster.workers) worker.child.kill("SIGTERM");
      await Promise.all(cluster.workers.map((worker) => worker.exited));
      await expectExactlyOnceCompletion(cluster.database.url, ids);
    },
    DEADLINE_MS + 60_000,
  );

  it(
    "SIGTERM of a random worker every ~0.5 s drains: every body runs exactly once",
    async () => {
      cluster = await startCluster();
      const ids = await createRuns(cluster.kernel);
      const replaced = await churn(cluster, "SIGTERM");
      expect(replaced).toBeGreaterThan(0);
      for (const worker of cluster.workers) worker.child.kill("SIGTERM");
      const endings = await Promise.all(
        [...cluster.workers, ...cluster.retired].map((worker) => worker.exited),
      );
      // Each worker drained and then ended by the re-raised signal, not by a crash.
      expect(endings.filter((ending) => ending.signal !== "SIGTERM")).toEqual([]);
      await expectExactlyOnceCompletion(cluster.database.url, ids);
      const executions = [...cluster.workers, ...cluster.retired].flatMap((w) => w.executions);
      expect(executions).toHaveLength(ids.length * 3);
      expect(new Set(executions).size).toBe(ids.length * 3);
    },
    DEADLINE_MS + 60_000,
  );
});
