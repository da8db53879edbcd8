import { afterEach, describe, expect, it } from "vitest";
import { createKyselyPersistence } from "../src/index";
import { exactlyOnce, seedJobs, seedRuns } from "./helpers/seed";
import { runWorkers } from "./helpers/spawn-workers";
import { createSqliteTestDatabase, type SqliteTestDatabase } from "./helpers/sqlite-test-database";

/** Several processes on one SQLite file: `BEGIN IMMEDIATE` plus the busy timeout, no deadlocks. */
describe("sqlite file shared by several processes", { timeout: 120_000 }, () => {
  let target: SqliteTestDatabase | undefined;
  afterEach(async () => {
    await target?.teardown();
    target = undefined;
  });

  it("3 processes dequeue, complete and append for 300 jobs: each job once, sequences gapless", async () => {
    target = await createSqliteTestDatabase("file");
    const persistence = createKyselyPersistence(target.db);
    const ids = await seedJobs(persistence, 300);
    const runId = (await persistence.getJob(ids[0] ?? ""))?.workflowRunId ?? "";
    const taken = await runWorkers<string[]>(
      "sqlite-worker.mjs",
      [0, 1, 2].map((i) => ({ mode: "dequeue", filename: target?.filename, workerId: `p${i}` })),
    );
    expect(exactlyOnce(taken.flat(), ids)).toEqual({ duplicates: [], missing: [] });
    const sequences = (await persistence.getOutboxEvents(runId)).map((e) => e.sequence);
    expect(sequences).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it("3 processes claim 200 PENDING runs, each exactly once", async () => {
    target = await createSqliteTestDatabase("file");
    const ids = await seedRuns(createKyselyPersistence(target.db), 200);
    const claimed = await runWorkers<string[]>(
      "sqlite-worker.mjs",
      [0, 1, 2].map((i) => ({ mode: "claim-runs", filename: target?.filename, workerId: `p${i}` })),
    );
    expect(exactlyOnce(claimed.flat(), ids)).toEqual({ duplicates: [], missing: [] });
  });
});
