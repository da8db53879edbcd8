import type { JobRecord } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import type { PersistenceConformanceContext } from "./conformance-context";
import { at, idsOf, newJob, newRun, T0 } from "./fixtures";

/** The job-table methods of `Persistence` (leases are covered by the JobTransport suite). */
export function persistenceJobTests(ctx: () => PersistenceConformanceContext): void {
  describe("jobs", () => {
    it("enqueues PENDING jobs with their defaults (availableAt = now, payload = {})", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const [job] = await persistence.enqueueJobs([
        newJob(run, { priority: 7, attempt: 2, maxAttempts: 4 }),
      ]);
      expect(job).toEqual({
        id: expect.any(String),
        workflowRunId: run.id,
        workflowId: run.workflowId,
        stageId: "a",
        status: "PENDING",
        priority: 7,
        attempt: 2,
        maxAttempts: 4,
        payload: {},
        availableAt: T0,
        lockedBy: null,
        lockedAt: null,
        heartbeatAt: null,
        lastError: null,
        createdAt: T0,
        updatedAt: T0,
      } satisfies Record<keyof JobRecord, unknown>);
      expect(await persistence.getJob(job?.id ?? "")).toEqual(job);
      expect(await persistence.getJob("00000000-0000-4000-8000-000000000000")).toBeNull();
    });

    it("stores payload and availableAt when given, and returns jobs in input order", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const jobs = await persistence.enqueueJobs([
        newJob(run, {
          stageId: "a",
          payload: { reason: "retry", n: [1, 2] },
          availableAt: at(5_000),
        }),
        newJob(run, { stageId: "b" }),
      ]);
      expect(jobs.map((j) => j.stageId)).toEqual(["a", "b"]);
      expect(jobs[0]).toMatchObject({
        payload: { reason: "retry", n: [1, 2] },
        availableAt: at(5_000),
      });
      expect(await persistence.enqueueJobs([])).toEqual([]);
    });

    it("lists a run's jobs oldest first", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const other = await persistence.createRun(newRun());
      const [late] = await persistence.enqueueJobs([newJob(run, { stageId: "b", now: at(2) })]);
      const [early] = await persistence.enqueueJobs([newJob(run, { stageId: "a", now: at(1) })]);
      await persistence.enqueueJobs([newJob(other)]);
      expect(idsOf(await persistence.getJobsByRun(run.id))).toEqual([early?.id, late?.id]);
    });

    it("reschedules a job: PENDING again with the new attempt, availableAt and lastError", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const [job] = await persistence.enqueueJobs([newJob(run)]);
      await persistence.rescheduleJob(
        job?.id ?? "",
        { attempt: 2, availableAt: at(9_000), lastError: "boom" },
        at(1),
      );
      expect(await persistence.getJob(job?.id ?? "")).toMatchObject({
        status: "PENDING",
        attempt: 2,
        availableAt: at(9_000),
        lastError: "boom",
        lockedBy: null,
        lockedAt: null,
        heartbeatAt: null,
        updatedAt: at(1),
      });
    });

    it("fails a job with its last error", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const [job] = await persistence.enqueueJobs([newJob(run)]);
      await persistence.failJob(job?.id ?? "", "fatal: bad input", at(1));
      expect(await persistence.getJob(job?.id ?? "")).toMatchObject({
        status: "FAILED",
        lastError: "fatal: bad input",
        updatedAt: at(1),
      });
    });

    it("cancels the PENDING jobs of one run only, leaving finished jobs alone", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const other = await persistence.createRun(newRun());
      const [a, b, c] = await persistence.enqueueJobs([
        newJob(run, { stageId: "a" }),
        newJob(run, { stageId: "b" }),
        newJob(run, { stageId: "c" }),
      ]);
      const [foreign] = await persistence.enqueueJobs([newJob(other)]);
      await persistence.failJob(c?.id ?? "", "x", at(1));
      expect(await persistence.cancelJobsByRun(run.id, at(2))).toBe(2);
      expect((await persistence.getJob(a?.id ?? ""))?.status).toBe("CANCELLED");
      expect((await persistence.getJob(b?.id ?? ""))?.updatedAt).toEqual(at(2));
      expect((await persistence.getJob(c?.id ?? ""))?.status).toBe("FAILED");
      expect((await persistence.getJob(foreign?.id ?? ""))?.status).toBe("PENDING");
      expect(await persistence.cancelJobsByRun(run.id, at(3))).toBe(0);
    });

    it("deletes the jobs of the named stages of one run and returns how many", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const other = await persistence.createRun(newRun());
      await persistence.enqueueJobs([
        newJob(run, { stageId: "a" }),
        newJob(run, { stageId: "b" }),
        newJob(run, { stageId: "b", attempt: 2 }),
        newJob(run, { stageId: "c" }),
      ]);
      await persistence.enqueueJobs([newJob(other, { stageId: "b" })]);
      expect(await persistence.deleteJobs(run.id, ["b", "c", "missing"])).toBe(3);
      expect((await persistence.getJobsByRun(run.id)).map((j) => j.stageId)).toEqual(["a"]);
      expect(await persistence.getJobsByRun(other.id)).toHaveLength(1);
      expect(await persistence.deleteJobs(run.id, [])).toBe(0);
    });
  });
}
