import { createKernel, createWorkflowRegistry, type Kernel, systemClock } from "@stageflow/kernel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
  migrateToLatest,
} from "@stageflow/persistence-kysely";
import { afterEach, describe, expect, it } from "vitest";
import { createCrashWorkflow } from "./crash/crash-workflow.mjs";
import { spawnWorker, type WorkerProcess } from "./crash/worker-process";
import { createTestDatabase, queryOnce, type TestDatabase } from "./fixtures/postgres-database";

const TICKS = 10;
const DEADLINE_MS = 90_000;

interface Cluster {
  readonly database: TestDatabase;
  readonly kernel: Kernel;
  readonly workers: WorkerProcess[];
  close(): Promise<void>;
}

async function startCluster(): Promise<Cluster> {
  const database = await createTestDatabase("sf_host_sched");
  const db = createPostgresDatabase(database.url, { maxConnections: 2 });
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
  const workers: WorkerProcess[] = [];
  return {
    database,
    kernel,
    workers,
    async close() {
      for (const worker of workers) worker.child.kill("SIGKILL");
      await Promise.all(workers.map((worker) => worker.exited));
      await jobTransport.close();
      await db.destroy();
      await database.drop();
    },
  };
}

/** The expected ticks: every second in [startAt, startAt + TICKS s). */
function expectedTicks(startAt: Date): string[] {
  return Array.from({ length: TICKS }, (_, i) =>
    new Date(startAt.getTime() + i * 1_000).toISOString(),
  );
}

/** Run count per tick of schedule `every-second`. */
async function runsPerTick(url: string): Promise<Map<string, number>> {
  const rows = await queryOnce<{ tick: string; n: string }>(
    url,
    `select metadata->>'scheduledFor' as tick, count(*) as n from stageflow_runs
      where metadata->>'scheduleId' = 'every-second' group by 1 order by 1`,
  );
  return new Map(rows.map((row) => [row.tick, Number(row.n)]));
}

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Declares the schedule (every second, for TICKS seconds starting a few seconds from now, so the
 * edges are exact), then starts three worker processes with a 10 s orchestration interval: the
 * schedule loop's timer, not the safety net, has to fire the ticks.
 */
async function scheduleAndSpawn(cluster: Cluster): Promise<Date> {
  const startAt = new Date(Math.ceil(Date.now() / 1_000) * 1_000 + 6_000);
  await cluster.kernel.dispatch({
    type: "schedule.upsert",
    scheduleId: "every-second",
    workflowId: "crash",
    cron: "* * * * * *",
    input: { value: 0 },
    overlap: "allow",
    startAt,
    endAt: new Date(startAt.getTime() + TICKS * 1_000),
  });
  for (let i = 1; i <= 3; i++) {
    cluster.workers.push(
      spawnWorker(cluster.database.url, `sched-${i}`, {
        staleLeaseThresholdMs: 1_500,
        orchestrationIntervalMs: 10_000,
      }),
    );
  }
  await Promise.all(cluster.workers.map((worker) => worker.ready));
  return startAt;
}

async function expectOneRunPerTick(url: string, startAt: Date): Promise<void> {
  const expected = expectedTicks(startAt);
  await waitUntil(async () => (await runsPerTick(url)).size >= TICKS, `${TICKS} fired ticks`);
  // Past endAt nothing fires any more; wait for the last runs to complete too.
  await waitUntil(async () => Date.now() > startAt.getTime() + (TICKS + 1) * 1_000, "endAt");
  const perTick = await runsPerTick(url);
  expect([...perTick.keys()]).toEqual(expected);
  expect([...perTick.values()].filter((n) => n !== 1)).toEqual([]);
  const keys = await queryOnce<{ n: string }>(
    url,
    "select count(*) as n from stageflow_idempotency_keys where key like 'schedule:every-second:%'",
  );
  expect(keys).toEqual([{ n: String(TICKS) }]);
  const [schedule] = await queryOnce<{ fired_count: string; next_fire_at: Date | null }>(
    url,
    "select fired_count, next_fire_at from stageflow_schedules where id = 'every-second'",
  );
  expect(schedule).toEqual({ fired_count: String(TICKS), next_fire_at: null });
  await waitUntil(async () => {
    const [row] = await queryOnce<{ n: string }>(
      url,
      "select count(*) as n from stageflow_runs where status <> 'COMPLETED'",
    );
    return row?.n === "0";
  }, "every scheduled run to complete");
}

describe("schedules across three worker processes on Postgres", () => {
  let cluster: Cluster | undefined;
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  it(
    "a schedule every second fires each tick once: none twice, none missing",
    async () => {
      cluster = await startCluster();
      const startAt = await scheduleAndSpawn(cluster);
      await expectOneRunPerTick(cluster.database.url, startAt);
    },
    DEADLINE_MS * 2,
  );

  it(
    "still fires each tick once when a worker is SIGKILLed half-way",
    async () => {
      cluster = await startCluster();
      const startAt = await scheduleAndSpawn(cluster);
      const { url } = cluster.database;
      await waitUntil(async () => (await runsPerTick(url)).size >= TICKS / 2, "half the ticks");
      const victim = cluster.workers[0];
      victim?.child.kill("SIGKILL");
      expect((await victim?.exited)?.signal).toBe("SIGKILL");
      await expectOneRunPerTick(url, startAt);
    },
    DEADLINE_MS * 2,
  );
});
