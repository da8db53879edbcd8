import { afterEach, describe, expect, it } from "vitest";
import { createKyselyJobTransport, createKyselyPersistence } from "../src/index";
import { at, newJob, newRun } from "./helpers/fixtures";
import { createPostgresTestSchema, type PostgresTestSchema } from "./helpers/postgres-test-schema";
import { exactlyOnce, seedJobs } from "./helpers/seed";

/** `claim` on Postgres, over several pools: truly concurrent connections. */
describe("postgres claim by id over several connections", { timeout: 120_000 }, () => {
  let schema: PostgresTestSchema | undefined;
  afterEach(async () => {
    await schema?.teardown();
    schema = undefined;
  });

  it("4 claimers and 4 dequeuers racing over 1,000 jobs lease each exactly once", async () => {
    schema = await createPostgresTestSchema();
    const ids = await seedJobs(createKyselyPersistence(schema.db), 1_000);
    const open = () => createKyselyJobTransport(schema!.openAnother({ max: 1 }));
    const dequeuers = Array.from({ length: 4 }, open);
    const claimers = Array.from({ length: 4 }, open);
    const leased = await Promise.all([
      ...dequeuers.map(async (transport, index) => {
        const mine: string[] = [];
        for (;;) {
          const jobs = await transport.dequeue({ workerId: `d${index}`, limit: 5, now: at(0) });
          if (jobs.length === 0) return mine;
          for (const job of jobs) expect(job.lockedBy).toBe(`d${index}`);
          mine.push(...jobs.map((job) => job.id));
        }
      }),
      ...claimers.map(async (transport, index) => {
        const mine: string[] = [];
        // Each claimer walks the ids from its own offset, so claims collide with each other too.
        for (let i = 0; i < ids.length; i += 1) {
          const id = ids[(i + index * 250) % ids.length] ?? "";
          const job = await transport.claim({ workerId: `c${index}`, jobId: id, now: at(0) });
          if (job === null) continue;
          expect(job).toMatchObject({ id, status: "RUNNING", lockedBy: `c${index}` });
          mine.push(id);
        }
        return mine;
      }),
    ]);
    expect(exactlyOnce(leased.flat(), ids)).toEqual({ duplicates: [], missing: [] });
    expect(leased.slice(4).flat().length).toBeGreaterThan(0);
    const persistence = createKyselyPersistence(schema.db);
    const holders = new Map(leased.flatMap((mine, index) => mine.map((id) => [id, index])));
    for (const id of ids.slice(0, 50)) {
      const index = holders.get(id) ?? -1;
      expect((await persistence.getJob(id))?.lockedBy).toBe(
        index < 4 ? `d${index}` : `c${index - 4}`,
      );
    }
  });

  it("skips a job whose row another transaction holds locked instead of waiting for it", async () => {
    schema = await createPostgresTestSchema();
    const persistence = createKyselyPersistence(schema.db);
    const transport = createKyselyJobTransport(schema.openAnother({ max: 1 }));
    const run = await persistence.createRun(newRun());
    const [job] = await persistence.enqueueJobs([newJob(run.id)]);
    const id = job?.id ?? "";
    const holder = await schema.pool.connect();
    try {
      await holder.query("begin");
      await holder.query("select id from stageflow_jobs where id = $1 for update", [id]);
      expect(await transport.claim({ workerId: "w1", jobId: id, now: at(0) })).toBeNull();
      await holder.query("rollback");
    } finally {
      holder.release();
    }
    expect(await transport.claim({ workerId: "w1", jobId: id, now: at(0) })).toMatchObject({
      id,
      lockedBy: "w1",
    });
  });
});
