import { afterEach, describe, expect, it } from "vitest";
import { createKyselyJobTransport, createKyselyPersistence } from "../src/index";
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
  });
}
