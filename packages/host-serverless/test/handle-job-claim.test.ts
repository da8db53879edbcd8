import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineStage, WorkflowBuilder } from "@stageflow/core";
import {
  createKernel,
  createWorkflowRegistry,
  type JobRecord,
  type Kernel,
  type Persistence,
} from "@stageflow/kernel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
  createSqliteDatabase,
  migrateToLatest,
} from "@stageflow/persistence-kysely";
import { CollectingEventSink, FakeClock } from "@stageflow/testing";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createServerlessHost, jobMessageFor, type ServerlessHost } from "../src/index";

const PG_URL = process.env.STAGEFLOW_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const Value = z.object({ value: z.number() });
const NoConfig = z.object({});
const RETRY_DELAY_MS = 60_000;

/** Stage bodies run, by `runId/stageId`. */
type Executions = Map<string, number>;

function workflows(executions: Executions) {
  const counted = (id: string, fail: (attempt: number) => boolean) =>
    defineStage({
      id,
      name: id,
      schemas: { input: Value, output: Value, config: NoConfig },
      retry: {
        maxAttempts: 2,
        backoff: { initialDelayMs: RETRY_DELAY_MS, maxDelayMs: RETRY_DELAY_MS },
      },
      async execute(ctx) {
        const key = `${ctx.workflowRunId}/${ctx.stageId}`;
        executions.set(key, (executions.get(key) ?? 0) + 1);
        if (fail(ctx.attempt)) throw new Error("transient failure on the first attempt");
        return { output: { value: ctx.input.value + 1 } };
      },
    });
  const build = (id: string) => new WorkflowBuilder(id, id, id, Value, Value);
  return [
    build("two-steps")
      .pipe(counted("a", () => false))
      .pipe(counted("b", () => false))
      .build(),
    build("flaky")
      .pipe(counted("flaky", (attempt) => attempt === 1))
      .build(),
  ];
}

interface Backend {
  readonly persistence: Persistence;
  readonly kernel: Kernel;
  readonly clock: FakeClock;
  readonly executions: Executions;
  host(workerId: string): ServerlessHost;
  close(): Promise<void>;
}

type Database = ReturnType<typeof createSqliteDatabase>;

function backendOn(db: Database, cleanup: () => Promise<void>): Backend {
  const clock = new FakeClock();
  const executions: Executions = new Map();
  const persistence = createKyselyPersistence(db);
  const jobTransport = createKyselyJobTransport(db);
  const kernel = createKernel({
    persistence,
    blobStore: createKyselyBlobStore(db),
    jobTransport,
    eventSink: new CollectingEventSink(),
    clock,
    registry: createWorkflowRegistry(workflows(executions)),
  });
  return {
    persistence,
    kernel,
    clock,
    executions,
    host: (workerId) => createServerlessHost({ kernel, jobTransport, workerId, clock }),
    async close() {
      await jobTransport.close();
      await db.destroy();
      await cleanup();
    },
  };
}

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const BACKENDS: Record<string, () => Promise<Backend>> = {
  "SQLite (file)": async () => {
    const dir = await mkdtemp(join(tmpdir(), "stageflow-claim-"));
    const db = createSqliteDatabase(join(dir, "stageflow.db"));
    await migrateToLatest(db);
    return backendOn(db, () => rm(dir, { recursive: true, force: true }));
  },
  Postgres: async () => {
    const schema = `sf_serverless_claim_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    await adminQuery(`CREATE SCHEMA "${schema}"`);
    const db = createPostgresDatabase(PG_URL, {
      maxConnections: 6,
      poolConfig: { options: `-c search_path="${schema}"` },
    });
    await migrateToLatest(db);
    return backendOn(db, () => adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
  },
};

for (const [label, open] of Object.entries(BACKENDS)) {
  describe(`handleJob leases the message's job by id on ${label}`, () => {
    let backend: Backend | undefined;
    afterEach(async () => {
      await backend?.close();
      backend = undefined;
    });

    /** Creates runs of `workflowId` and claims them (cron); returns each run's PENDING job. */
    async function startRuns(b: Backend, workflowId: string, count: number) {
      const ids: string[] = [];
      for (let i = 0; i < count; i += 1) {
        const created = await b.kernel.dispatch({
          type: "run.create",
          workflowId,
          input: { value: i },
        });
        ids.push(created.workflowRunId);
        b.clock.advance(1);
      }
      await b.host("cron").runMaintenanceTick();
      return Promise.all(ids.map((id) => pendingJob(b, id)));
    }

    async function pendingJob(b: Backend, runId: string): Promise<JobRecord> {
      const jobs = await b.persistence.getJobsByRun(runId);
      const job = jobs.find((candidate) => candidate.status === "PENDING");
      if (!job) throw new Error(`run ${runId} has no PENDING job`);
      return job;
    }

    it("runs exactly the message's job, not the next due one", async () => {
      backend = await open();
      const [older, newer] = await startRuns(backend, "two-steps", 2);
      const result = await backend.host("lambda").handleJob(jobMessageFor(newer!));
      expect(result).toEqual({ outcome: "completed" });
      expect(backend.executions.get(`${newer!.workflowRunId}/a`)).toBe(1);
      expect(backend.executions.has(`${older!.workflowRunId}/a`)).toBe(false);
      expect((await backend.persistence.getJob(newer!.id))?.status).toBe("COMPLETED");
      expect((await backend.persistence.getJob(older!.id))?.status).toBe("PENDING");
    });

    it("runs a message delivered to two invocations at once exactly once", async () => {
      backend = await open();
      const [job] = await startRuns(backend, "two-steps", 1);
      const results = await Promise.all(
        ["lambda-1", "lambda-2"].map((workerId) =>
          backend!.host(workerId).handleJob(jobMessageFor(job!)),
        ),
      );
      expect(results.map((result) => result.outcome).sort()).toEqual(["completed", "skipped"]);
      expect(backend.executions.get(`${job!.workflowRunId}/a`)).toBe(1);
    });

    it("skips a redelivered message of a finished job without running the body again", async () => {
      backend = await open();
      const [job] = await startRuns(backend, "two-steps", 1);
      const host = backend.host("lambda");
      expect((await host.handleJob(jobMessageFor(job!))).outcome).toBe("completed");
      const redelivered = await host.handleJob(jobMessageFor(job!));
      expect(redelivered).toMatchObject({ outcome: "skipped", reason: expect.any(String) });
      expect(backend.executions.get(`${job!.workflowRunId}/a`)).toBe(1);
    });

    it("skips a retry's message until its backoff is over, then runs the attempt", async () => {
      backend = await open();
      const [job] = await startRuns(backend, "flaky", 1);
      const host = backend.host("lambda");
      expect(await host.handleJob(jobMessageFor(job!))).toMatchObject({
        outcome: "failed",
        willRetry: true,
      });
      const retry = await pendingJob(backend, job!.workflowRunId);
      expect(await host.handleJob(jobMessageFor(retry))).toMatchObject({ outcome: "skipped" });
      expect(backend.executions.get(`${job!.workflowRunId}/flaky`)).toBe(1);
      backend.clock.advance(RETRY_DELAY_MS);
      expect(await host.handleJob(jobMessageFor(retry))).toEqual({ outcome: "completed" });
      expect(backend.executions.get(`${job!.workflowRunId}/flaky`)).toBe(2);
      expect((await backend.persistence.getRun(job!.workflowRunId))?.status).toBe("COMPLETED");
    });

    it("drains a queue that delivers every message twice when skipped messages are acked", async () => {
      backend = await open();
      const jobs = await startRuns(backend, "two-steps", 3);
      const runIds = jobs.map((job) => job.workflowRunId);
      const hosts = [backend.host("lambda-1"), backend.host("lambda-2")];
      const queue = jobs.flatMap((job) => [jobMessageFor(job), jobMessageFor(job)]);
      const published = new Set(jobs.map((job) => job.id));
      for (let round = 0; queue.length > 0; round += 1) {
        expect(round, "the queue did not drain").toBeLessThan(20);
        const batch = queue.splice(0);
        const results = await Promise.all(
          batch.map((message, i) => hosts[i % 2]!.handleJob(message)),
        );
        results.forEach((result, i) => {
          if (result.outcome === "failed") queue.push(batch[i]!); // retry; everything else is acked
        });
        for (const runId of runIds) {
          for (const job of await backend.persistence.getJobsByRun(runId)) {
            if (job.status !== "PENDING" || published.has(job.id)) continue;
            published.add(job.id);
            queue.push(jobMessageFor(job), jobMessageFor(job));
          }
        }
      }
      for (const runId of runIds) {
        expect((await backend.persistence.getRun(runId))?.status).toBe("COMPLETED");
        expect([
          backend.executions.get(`${runId}/a`),
          backend.executions.get(`${runId}/b`),
        ]).toEqual([1, 1]);
      }
    });
  });
}
