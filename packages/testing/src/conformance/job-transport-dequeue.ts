import type { JobTransport, Persistence, RunRecord } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import type { JobTransportConformanceContext } from "./conformance-context";
import { at, idsOf, newJob, newRun } from "./fixtures";

/** A run to hang jobs on. */
export function jobRun(persistence: Persistence): Promise<RunRecord> {
  return persistence.createRun(newRun());
}

/** Dequeues one batch for `workerId`. */
export function take(transport: JobTransport, workerId: string, limit = 10, now = at(0)) {
  return transport.dequeue({ workerId, limit, now });
}

/** `dequeue` and `enqueue`: order, availability, exclusivity. */
export function jobTransportDequeueTests(ctx: () => JobTransportConformanceContext): void {
  describe("dequeue", () => {
    it("leases due PENDING jobs by priority (descending) then age, up to the limit", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      const [low] = await persistence.enqueueJobs([
        newJob(run, { stageId: "low", priority: 1, now: at(-30) }),
      ]);
      const [highNew] = await persistence.enqueueJobs([
        newJob(run, { stageId: "hn", priority: 9, now: at(-10) }),
      ]);
      const [highOld] = await persistence.enqueueJobs([
        newJob(run, { stageId: "ho", priority: 9, now: at(-20) }),
      ]);
      const [mid] = await persistence.enqueueJobs([
        newJob(run, { stageId: "mid", priority: 5, now: at(-5) }),
      ]);
      const first = await take(jobTransport, "w1", 3);
      expect(idsOf(first)).toEqual([highOld?.id, highNew?.id, mid?.id]);
      expect(idsOf(await take(jobTransport, "w1", 3))).toEqual([low?.id]);
      expect(await take(jobTransport, "w1", 3)).toEqual([]);
    });

    it("marks leased jobs RUNNING with lockedBy, lockedAt and heartbeatAt set to now", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      const [job] = await persistence.enqueueJobs([newJob(run, { now: at(-1) })]);
      const [leased] = await take(jobTransport, "worker-7", 1, at(42));
      expect(leased).toEqual({
        ...job,
        status: "RUNNING",
        lockedBy: "worker-7",
        lockedAt: at(42),
        heartbeatAt: at(42),
        updatedAt: expect.any(Date),
      });
      expect(await persistence.getJob(job?.id ?? "")).toMatchObject({
        status: "RUNNING",
        lockedBy: "worker-7",
      });
    });

    it("respects availableAt: a job is not leased before it (and is at it)", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      const [later] = await persistence.enqueueJobs([
        newJob(run, { availableAt: at(1_000), now: at(0) }),
      ]);
      expect(await take(jobTransport, "w1", 10, at(999))).toEqual([]);
      expect(idsOf(await take(jobTransport, "w1", 10, at(1_000)))).toEqual([later?.id]);
    });

    it("never leases COMPLETED, FAILED or CANCELLED jobs", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      const [failed, done] = await persistence.enqueueJobs([
        newJob(run, { stageId: "f", now: at(-2) }),
        newJob(run, { stageId: "d", now: at(-1) }),
      ]);
      await persistence.failJob(failed?.id ?? "", "x", at(0));
      const [leased] = await take(jobTransport, "w1", 1);
      expect(leased?.id).toBe(done?.id);
      await persistence.completeJob(leased?.id ?? "", at(1), { workerId: "w1" });
      const other = await jobRun(persistence);
      await persistence.enqueueJobs([newJob(other)]);
      await persistence.cancelJobsByRun(other.id, at(1));
      expect(await take(jobTransport, "w2", 10, at(10))).toEqual([]);
    });

    it("never gives a job to two concurrent dequeuers", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      const jobs = await persistence.enqueueJobs(
        Array.from({ length: 12 }, (_, i) => newJob(run, { stageId: `s${i}`, now: at(-i) })),
      );
      const workers = ["w1", "w2", "w3", "w4", "w5", "w6"];
      const answers = await Promise.all(workers.map((workerId) => take(jobTransport, workerId, 3)));
      const leased = answers.flat();
      expect(new Set(idsOf(leased)).size).toBe(leased.length);
      answers.forEach((answer, index) => {
        for (const job of answer) expect(job.lockedBy).toBe(workers[index]);
      });
      const rest = await take(jobTransport, "last", 100);
      expect([...idsOf(leased), ...idsOf(rest)].sort()).toEqual(idsOf(jobs).sort());
    });

    it("enqueue (outside any transaction) commits at once", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      const [job] = await jobTransport.enqueue([newJob(run, { payload: { via: "transport" } })]);
      expect(job).toMatchObject({ status: "PENDING", payload: { via: "transport" } });
      expect(await persistence.getJob(job?.id ?? "")).toEqual(job);
      expect(idsOf(await take(jobTransport, "w1"))).toEqual([job?.id]);
    });
  });
}
