import { afterEach, describe, expect, it } from "vitest";
import { createKyselyPersistence } from "../src/index";
import { newRun } from "./helpers/fixtures";
import { createPostgresTestSchema, type PostgresTestSchema } from "./helpers/postgres-test-schema";
import { exactlyOnce, seedJobs, seedRuns } from "./helpers/seed";
import { runWorkers } from "./helpers/spawn-workers";

interface Published {
  id: string;
  run: string;
  seq: number;
  t: number;
}

/** Separate Node processes running the built package against one Postgres schema. */
describe("postgres concurrency across processes", { timeout: 120_000 }, () => {
  let schema: PostgresTestSchema | undefined;
  afterEach(async () => {
    await schema?.teardown();
    schema = undefined;
  });
  const workers = (mode: string, count: number, extra: Record<string, unknown> = {}) =>
    Array.from({ length: count }, (_, i) => ({
      mode,
      schema: schema?.schema,
      workerId: `p${i}`,
      ...extra,
    }));

  it("4 processes claiming 500 PENDING runs claim each exactly once", async () => {
    schema = await createPostgresTestSchema();
    const ids = await seedRuns(createKyselyPersistence(schema.db), 500);
    const claimed = await runWorkers<string[]>("pg-worker.mjs", workers("claim-runs", 4));
    expect(exactlyOnce(claimed.flat(), ids)).toEqual({ duplicates: [], missing: [] });
    expect(
      claimed.filter((mine) => mine.length > 0).length,
      "the processes overlapped",
    ).toBeGreaterThan(1);
  });

  it("8 processes dequeuing (and completing) 2,000 jobs get each exactly once", async () => {
    schema = await createPostgresTestSchema();
    const ids = await seedJobs(createKyselyPersistence(schema.db), 2_000);
    const taken = await runWorkers<string[]>("pg-worker.mjs", workers("dequeue", 8));
    expect(exactlyOnce(taken.flat(), ids)).toEqual({ duplicates: [], missing: [] });
    expect(
      taken.filter((mine) => mine.length > 0).length,
      "the processes overlapped",
    ).toBeGreaterThan(1);
    const { rows } = await schema.pool.query<{ status: string; n: string }>(
      "select status, count(*) as n from stageflow_jobs group by status",
    );
    expect(rows).toEqual([{ status: "COMPLETED", n: "2000" }]);
  });

  it("concurrent appends from 4 processes keep every run's sequence gapless", async () => {
    schema = await createPostgresTestSchema();
    const persistence = createKyselyPersistence(schema.db);
    const runs = await Promise.all(
      Array.from({ length: 6 }, () => persistence.createRun(newRun())),
    );
    const runIds = runs.map((run) => run.id);
    await runWorkers("pg-worker.mjs", workers("append", 4, { runIds, appends: 40 }));
    let total = 0;
    for (const id of runIds) {
      const sequences = (await persistence.getOutboxEvents(id)).map((event) => event.sequence);
      total += sequences.length;
      expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, i) => i + 1));
    }
    expect(total).toBe(4 * 40 * 3);
  });

  it("two flusher processes never get the same event and claim each run's events in order", async () => {
    schema = await createPostgresTestSchema();
    const persistence = createKyselyPersistence(schema.db);
    const runs = await Promise.all(
      Array.from({ length: 30 }, () => persistence.createRun(newRun())),
    );
    for (const run of runs) {
      await persistence.appendOutboxEvents(
        Array.from({ length: 20 }, () => ({
          workflowRunId: run.id,
          type: "e",
          payload: {},
          now: new Date(),
        })),
      );
    }
    const results = await runWorkers<Published[]>("pg-worker.mjs", workers("flush", 2));
    const all = results.flat();
    expect(all).toHaveLength(30 * 20);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    expect(results.every((list) => list.length > 0)).toBe(true);
    const timeline = [...all].sort((a, b) => a.t - b.t);
    for (const run of runs) {
      const order = timeline.filter((e) => e.run === run.id).map((e) => e.seq);
      expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
  });
});
