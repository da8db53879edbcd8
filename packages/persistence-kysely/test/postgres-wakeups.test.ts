import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import {
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
  migrateToLatest,
} from "../src/index";
import { newJob, newRun } from "./helpers/fixtures";
import { PG_URL } from "./helpers/pg-url";
import { createPostgresTestSchema, type PostgresTestSchema } from "./helpers/postgres-test-schema";
import { callCounter, settle, waitFor } from "./helpers/waiters";

async function listenerBackends(applicationName: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      "select pid from pg_stat_activity where application_name = $1",
      [applicationName],
    );
    return rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

describe("wake-ups: postgres across database objects and connections", () => {
  const schemas: PostgresTestSchema[] = [];
  afterEach(async () => {
    await Promise.all(schemas.splice(0).map((schema) => schema.teardown()));
  });
  const fresh = async () => {
    const schema = await createPostgresTestSchema();
    schemas.push(schema);
    return schema;
  };

  it("wakes a listener of another database object (as in another process) only after commit", async () => {
    const schema = await fresh();
    const writer = createKyselyPersistence(schema.db);
    const other = createKyselyJobTransport(schema.openAnother());
    const run = await writer.createRun(newRun());
    const calls = callCounter();
    await other.subscribe(calls.listener);
    await expect(
      writer.withTransaction(async (tx) => {
        await tx.enqueueJobs([newJob(run.id)]);
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    let countInside = -1;
    await writer.withTransaction(async (tx) => {
      await tx.enqueueJobs([newJob(run.id)]);
      await settle(100);
      countInside = calls.count;
    });
    expect(countInside).toBe(0);
    await calls.atLeast(1, "a wake-up from the other database object");
    await settle();
    expect(calls.count).toBe(1);
    await other.close();
  });

  it("one-statement run.create wakes run and outbox listeners of another database object", async () => {
    const schema = await fresh();
    const writer = createKyselyPersistence(schema.db);
    const other = createKyselyJobTransport(schema.openAnother());
    const runs = callCounter();
    const outbox = callCounter();
    await other.subscribe(runs.listener, { channel: "runs" });
    await other.subscribe(outbox.listener, { channel: "outbox" });
    await writer.createRunWithEvent?.(newRun(), {
      firstEvent: (run) => ({
        workflowRunId: run.id,
        type: "workflow:created",
        payload: {},
        now: run.createdAt,
      }),
    });
    await runs.atLeast(1, "a runs wake-up");
    await outbox.atLeast(1, "an outbox wake-up");
    await other.close();
  });

  it("the one-statement group insert wakes jobs and outbox listeners, not for leased jobs alone", async () => {
    const schema = await fresh();
    const writer = createKyselyPersistence(schema.db);
    const other = createKyselyJobTransport(schema.openAnother());
    const jobs = callCounter();
    const outbox = callCounter();
    await other.subscribe(jobs.listener, { channel: "jobs" });
    await other.subscribe(outbox.listener, { channel: "outbox" });
    const run = await writer.createRun(newRun());
    const insert = (stageId: string, leasedTo?: string) =>
      writer.withTransaction(async (tx) => {
        await tx.insertStagesJobsAndEvents?.({
          stages: [
            { workflowRunId: run.id, stageId, stageName: stageId, groupIndex: 1, now: new Date() },
          ],
          jobs: [
            {
              workflowRunId: run.id,
              workflowId: run.workflowId,
              stageId,
              priority: 5,
              attempt: 1,
              maxAttempts: 3,
              now: new Date(),
              ...(leasedTo ? { leasedTo } : {}),
            },
          ],
          events: [{ workflowRunId: run.id, type: "stage:started", payload: {}, now: new Date() }],
        });
      });
    await insert("leased", "w1");
    await outbox.atLeast(1, "an outbox wake-up");
    await insert("queued");
    await jobs.atLeast(1, "a jobs wake-up");
    await outbox.atLeast(2, "a second outbox wake-up");
    await settle();
    expect(jobs.count, "no wake-up for the leased job").toBe(1);
    await other.close();
  });

  it("ignores notifications of other schemas in the same database", async () => {
    const [a, b] = [await fresh(), await fresh()];
    const calls = callCounter();
    await createKyselyJobTransport(a.db).subscribe(calls.listener);
    const inB = createKyselyPersistence(b.db);
    await inB.enqueueJobs([newJob((await inB.createRun(newRun())).id)]);
    await settle(200);
    expect(calls.count).toBe(0);
    const inA = createKyselyPersistence(a.db);
    await inA.enqueueJobs([newJob((await inA.createRun(newRun())).id)]);
    await calls.atLeast(1, "a wake-up of its own schema");
  });

  it("reconnects after the LISTEN connection dies, calls listeners once, and keeps delivering", async () => {
    const schema = await fresh();
    const applicationName = `sf_listen_${randomBytes(4).toString("hex")}`;
    const db = schema.openAnother({ listenerApplicationName: applicationName });
    const transport = createKyselyJobTransport(db);
    const calls = callCounter();
    await transport.subscribe(calls.listener);
    const [pid] = await listenerBackends(applicationName);
    expect(pid).toBeTypeOf("number");
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query("select pg_terminate_backend($1)", [pid]);
    await admin.end();
    await calls.atLeast(1, "the catch-up call after reconnecting");
    await waitFor(
      async () => (await listenerBackends(applicationName)).length === 1,
      "a new listener",
    );
    const persistence = createKyselyPersistence(schema.db);
    const before = calls.count;
    await persistence.enqueueJobs([newJob((await persistence.createRun(newRun())).id)]);
    await calls.atLeast(before + 1, "a wake-up through the new connection");
    await transport.close();
    await waitFor(
      async () => (await listenerBackends(applicationName)).length === 0,
      "LISTEN closed",
    );
  });

  it("closes the LISTEN connection after the last unsubscribe and on db.destroy()", async () => {
    const schema = await fresh();
    const applicationName = `sf_listen_${randomBytes(4).toString("hex")}`;
    const db = createPostgresDatabase(PG_URL, {
      listenerApplicationName: applicationName,
      poolConfig: { options: `-c search_path=${schema.schema}` },
    });
    await migrateToLatest(db);
    const transport = createKyselyJobTransport(db);
    const stopJobs = await transport.subscribe(() => undefined);
    const stopRuns = await transport.subscribe(() => undefined, { channel: "runs" });
    expect(await listenerBackends(applicationName)).toHaveLength(1);
    await stopJobs();
    expect(await listenerBackends(applicationName)).toHaveLength(1);
    await stopRuns();
    await waitFor(
      async () => (await listenerBackends(applicationName)).length === 0,
      "LISTEN closed",
    );
    await transport.subscribe(() => undefined, { channel: "outbox" });
    expect(await listenerBackends(applicationName)).toHaveLength(1);
    await db.destroy();
    await waitFor(async () => (await listenerBackends(applicationName)).length === 0, "destroy");
  });
});
