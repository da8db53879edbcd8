import { CompiledQuery } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { createKyselyJobTransport, createKyselyPersistence } from "../src/index";
import { COMPLETE_JOBS_SQL } from "../src/sql/complete-jobs";
import { at, newJob, newRun } from "./helpers/fixtures";
import { TARGET_NAMES, TARGETS, type TestTarget } from "./helpers/targets";

for (const name of TARGET_NAMES) {
  describe(`job transport extensions: ${name}`, () => {
    let target: TestTarget | undefined;
    afterEach(async () => {
      await target?.teardown();
      target = undefined;
    });

    it("completeJobs completes a batch in one statement, honouring each lease holder", async () => {
      target = await TARGETS[name]();
      const persistence = createKyselyPersistence(target.db);
      const transport = createKyselyJobTransport(target.db);
      const run = await persistence.createRun(newRun());
      await persistence.enqueueJobs(
        Array.from({ length: 5 }, (_, i) => newJob(run.id, { stageId: `s${i}`, now: at(-i) })),
      );
      const mine = await transport.dequeue({ workerId: "w1", limit: 3, now: at(0) });
      const [theirs] = await transport.dequeue({ workerId: "w2", limit: 1, now: at(0) });
      const [pending] = (await persistence.getJobsByRun(run.id)).filter(
        (job) => job.status === "PENDING",
      );
      const done = await transport.completeJobs(
        [
          ...mine.map((job) => ({ id: job.id, workerId: "w1" })),
          { id: theirs?.id ?? "", workerId: "w1" },
          { id: pending?.id ?? "" },
          { id: "missing" },
        ],
        at(5),
      );
      expect(done).toEqual(mine.map((job) => job.id));
      expect(await transport.completeJobs([{ id: theirs?.id ?? "" }], at(6))).toEqual([theirs?.id]);
      const statuses = (await persistence.getJobsByRun(run.id)).map((job) => [
        job.id,
        job.status,
        job.updatedAt,
      ]);
      expect(statuses.filter(([, status]) => status === "COMPLETED")).toHaveLength(4);
      expect(await persistence.getJob(mine[0]?.id ?? "")).toMatchObject({
        status: "COMPLETED",
        updatedAt: at(5),
      });
      expect(await transport.completeJobs([], at(7))).toEqual([]);
    });

    it("completeJobs finds each job of a large batch by id among many running jobs", async () => {
      target = await TARGETS[name]();
      const persistence = createKyselyPersistence(target.db);
      const transport = createKyselyJobTransport(target.db);
      const run = await persistence.createRun(newRun());
      const count = 3_000;
      await persistence.enqueueJobs(
        Array.from({ length: count }, (_, i) => newJob(run.id, { stageId: `s${i}` })),
      );
      const leased = await transport.dequeue({ workerId: "w1", limit: count, now: at(0) });
      expect(leased).toHaveLength(count);
      const half = leased.slice(0, count / 2).map((job) => ({ id: job.id, workerId: "w1" }));
      expect(await transport.completeJobs(half, at(1))).toHaveLength(count / 2);
      const jobs = await persistence.getJobsByRun(run.id);
      expect(jobs.filter((job) => job.status === "COMPLETED")).toHaveLength(count / 2);
      expect(jobs.filter((job) => job.status === "RUNNING")).toHaveLength(count / 2);
    });
  });
}

describe("completeJobs on SQLite", () => {
  it("looks jobs up by primary key, never scanning the running jobs", async () => {
    const target = await TARGETS["sqlite (file)"]();
    try {
      const { rows } = await target.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${COMPLETE_JOBS_SQL.sqlite}`, [0, "[]"]),
      );
      const plan = rows.map((row) => row.detail);
      expect(
        plan.some((d) => /SEARCH stageflow_jobs USING .*\(id=\?\)/.test(d)),
        plan.join("; "),
      ).toBe(true);
      expect(
        plan.some((d) => d.startsWith("SCAN stageflow_jobs")),
        plan.join("; "),
      ).toBe(false);
    } finally {
      await target.teardown();
    }
  });
});
