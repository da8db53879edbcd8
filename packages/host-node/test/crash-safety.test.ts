import { createKernel, createWorkflowRegistry, type Kernel, systemClock } from "@stageflow/kernel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
  migrateToLatest,
} from "@stageflow/persistence-kysely";
import { describe, expect, it } from "vitest";
import { createCrashWorkflow } from "./crash/crash-workflow.mjs";
import { spawnWorker, type WorkerProcess } from "./crash/worker-process";
import { createTestDatabase, queryOnce, type TestDatabase } from "./fixtures/postgres-database";

const RUNS = 300;
const WORKERS = 3;
const KILL_EVERY_MS = 500;
const MIN_UP = 2;
/**
 * At most this many worker processes alive at once, draining ones included: each holds up to 7
 * Postgres connections, and SIGTERM'd workers drain for up to 10 s while replacements start, so an
 * unbounded churn could exhaust the server's max_connections on a slow machine.
 */
const MAX_ALIVE = 6;
/**
 * Fewer replacements than this would not prove much. Runs keep being created until this many
 * workers were replaced, so a fast machine cannot finish the work before the kills land.
 */
const MIN_REPLACED = 5;
const DEADLINE_MS = Number(process.env.CRASH_DEADLINE_MS ?? 150_000);

interface Cluster {
  readonly database: TestDatabase;
  readonly kernel: Kernel;
  readonly workers: WorkerProcess[];
  readonly retired: WorkerProcess[];
  spawn(): WorkerProcess;
  close(): Promise<void>;
}

async function startCluster(staleLeaseThresholdMs: number): Promise<Cluster> {
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
      const worker = spawnWorker(database.url, `worker-${++next}`, { staleLeaseThresholdMs });
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

/** A producer of runs that goes on while the churn replaces workers. */
interface RunProducer {
  readonly ids: string[];
  /** Resolves once `RUNS` runs exist and `enough()` said so; creation then stops. */
  readonly done: Promise<void>;
  isDone(): boolean;
}

/** Creates `RUNS` runs, then more, one by one, until `enough()` is true. */
function produceRuns(kernel: Kernel, enough: () => boolean): RunProducer {
  const ids: string[] = [];
  let finished = false;
  const done = (async () => {
    for (let i = 0; i < RUNS || !enough(); i += 1) {
      const { workflowRunId } = await kernel.dispatch({
        type: "run.create",
        workflowId: "crash",
        input: { value: i },
      });
      ids.push(workflowRunId);
    }
    finished = true;
  })();
  return { ids, done, isDone: () => finished };
}

async function unfinishedRuns(url: string): Promise<number> {
  const [row] = await queryOnce<{ n: string }>(
    url,
    "select count(*) as n from stageflow_runs where status <> 'COMPLETED'",
  );
  return Number(row?.n);
}

/** Counts of runs, jobs and stages by status, for failure messages. */
async function describeState(url: string): Promise<string> {
  const rows = await queryOnce<{ what: string; status: string; n: string }>(
    url,
    `select 'runs' as what, status, count(*) as n from stageflow_runs group by status
     union all select 'jobs:' || stage_id, status, count(*) from stageflow_jobs group by stage_id, status
     union all select 'stages:' || stage_id, status, count(*) from stageflow_stages group by stage_id, status
     order by 1, 2`,
  );
  return rows.map((row) => `${row.what} ${row.status} ${row.n}`).join("; ");
}

/**
 * Every ~0.5 s sends `signal` to a random worker that is up (never one still starting, and only
 * while at least two are up) and starts a replacement, while runs are being created and until
 * every run completed. Returns the produced run ids and how many workers were replaced.
 */
async function churn(
  cluster: Cluster,
  signal: NodeJS.Signals,
): Promise<{ ids: string[]; replaced: number }> {
  const deadline = Date.now() + DEADLINE_MS;
  let replaced = 0;
  const producer = produceRuns(cluster.kernel, () => replaced >= MIN_REPLACED);
  while (!producer.isDone() || (await unfinishedRuns(cluster.database.url)) > 0) {
    if (Date.now() > deadline) {
      const state = await describeState(cluster.database.url);
      const logs = [...cluster.retired, ...cluster.workers].flatMap((w) => w.stderr).slice(-20);
      throw new Error(`runs still unfinished after ${DEADLINE_MS} ms: ${state}\n${logs.join("")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, KILL_EVERY_MS));
    // A worker that died on its own (it should not) is replaced too, so work never stops.
    for (const dead of cluster.workers.filter((worker) => worker.child.exitCode !== null)) {
      cluster.workers.splice(cluster.workers.indexOf(dead), 1);
      cluster.retired.push(dead);
      cluster.spawn();
    }
    // Starting a worker takes a while on a busy machine: keep at least two up, or the kills
    // would leave one half-started worker doing all the work.
    const up = cluster.workers.filter((worker) => worker.isReady());
    if (up.length < MIN_UP) continue;
    const draining = cluster.retired.filter(
      (worker) => worker.child.exitCode === null && worker.child.signalCode === null,
    );
    if (cluster.workers.length + draining.length >= MAX_ALIVE) continue;
    const victim = up[Math.floor(Math.random() * up.length)];
    if (!victim) continue;
    cluster.workers.splice(cluster.workers.indexOf(victim), 1);
    victim.child.kill(signal);
    cluster.retired.push(victim);
    cluster.spawn();
    replaced += 1;
  }
  await producer.done;
  return { ids: producer.ids, replaced };
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
  it(
    "SIGKILL of a random worker every ~0.5 s loses nothing and completes each stage once",
    async () => {
      // Dead workers' leases go stale fast, so their jobs come back quickly.
      const cluster = await startCluster(1_500);
      try {
        const { ids, replaced } = await churn(cluster, "SIGKILL");
        expect(replaced).toBeGreaterThanOrEqual(MIN_REPLACED);
        // Stop the survivors gracefully, then check the database.
        for (const worker of cluster.workers) worker.child.kill("SIGTERM");
        await Promise.all(cluster.workers.map((worker) => worker.exited));
        await expectExactlyOnceCompletion(cluster.database.url, ids);
      } finally {
        await cluster.close();
      }
    },
    DEADLINE_MS + 60_000,
  );

  it(
    "SIGTERM of a random worker every ~0.5 s drains: every body runs exactly once",
    async () => {
      // Draining never needs the reaper: a long stale threshold proves nothing relied on it.
      const cluster = await startCluster(30_000);
      try {
        const { ids, replaced } = await churn(cluster, "SIGTERM");
        expect(replaced).toBeGreaterThanOrEqual(MIN_REPLACED);
        for (const worker of cluster.workers) worker.child.kill("SIGTERM");
        const everyone = [...cluster.workers, ...cluster.retired];
        const endings = await Promise.all(everyone.map((worker) => worker.exited));
        // Each worker that was up drained and then ended by the re-raised signal, not a crash.
        expect(endings.filter((ending) => ending.signal !== "SIGTERM")).toEqual([]);
        await expectExactlyOnceCompletion(cluster.database.url, ids);
        const executions = everyone.flatMap((worker) => worker.executions);
        expect(executions).toHaveLength(ids.length * 3);
        expect(new Set(executions).size).toBe(ids.length * 3);
      } finally {
        await cluster.close();
      }
    },
    DEADLINE_MS + 60_000,
  );
});
