import { afterEach, describe, expect, it } from "vitest";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
} from "../src/index";
import { newJob, newRun, T0 } from "./helpers/fixtures";
import { createSqliteTestDatabase, type SqliteTestDatabase } from "./helpers/sqlite-test-database";

describe("sqlite: root objects used inside a transaction join it (one connection)", () => {
  let target: SqliteTestDatabase | undefined;
  afterEach(async () => {
    await target?.teardown();
    target = undefined;
  });

  it("commits a blob written through the root blob store inside withTransaction, with it", async () => {
    target = await createSqliteTestDatabase("memory");
    const persistence = createKyselyPersistence(target.db);
    const blobStore = createKyselyBlobStore(target.db);
    await persistence.withTransaction(async (tx) => {
      await tx.createRun(newRun());
      await blobStore.put("k", { inside: true });
      expect(await persistence.listRuns({})).toHaveLength(1);
    });
    expect(await blobStore.get("k")).toEqual({ inside: true });
  });

  it("rolls back root writes made inside a failed transaction, and wakes nobody", async () => {
    target = await createSqliteTestDatabase("file");
    const persistence = createKyselyPersistence(target.db);
    const transport = createKyselyJobTransport(target.db);
    const blobStore = createKyselyBlobStore(target.db);
    const run = await persistence.createRun(newRun());
    let woken = 0;
    await transport.subscribe(() => {
      woken += 1;
    });
    await expect(
      persistence.withTransaction(async () => {
        await blobStore.put("k", 1);
        await transport.enqueue([newJob(run.id)]);
        await persistence.appendOutboxEvents([
          { workflowRunId: run.id, type: "x", payload: {}, now: T0 },
        ]);
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await blobStore.has("k")).toBe(false);
    expect(await persistence.getJobsByRun(run.id)).toEqual([]);
    expect(await persistence.getOutboxEvents(run.id)).toEqual([]);
    expect(woken).toBe(0);
  });

  it("does not join a transaction that already ended (a timer fired after commit)", async () => {
    target = await createSqliteTestDatabase("memory");
    const persistence = createKyselyPersistence(target.db);
    let later: Promise<unknown> = Promise.resolve();
    await persistence.withTransaction(async (tx) => {
      await tx.createRun(newRun());
      later = new Promise((resolve) => setTimeout(resolve, 20)).then(() =>
        persistence.createRun(newRun()),
      );
    });
    await later;
    expect(await persistence.listRuns({})).toHaveLength(2);
  });

  it("serializes concurrent transactions of one process without SQLITE_BUSY", async () => {
    target = await createSqliteTestDatabase("file");
    const persistence = createKyselyPersistence(target.db);
    const run = await persistence.createRun(newRun());
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        persistence.withTransaction(async (tx) => {
          await tx.enqueueJobs([newJob(run.id, { stageId: `s${i}` })]);
          await tx.appendOutboxEvents([{ workflowRunId: run.id, type: "x", payload: {}, now: T0 }]);
        }),
      ),
    );
    expect(await persistence.getJobsByRun(run.id)).toHaveLength(50);
    expect((await persistence.getOutboxEvents(run.id)).map((e) => e.sequence)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
  });
});
