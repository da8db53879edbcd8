import type { JobRecord, JobTransport } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import type { JobTransportConformanceContext } from "./conformance-context";
import { at, idsOf, newJob } from "./fixtures";
import { jobRun, take } from "./job-transport-dequeue";

const UNKNOWN_JOB_ID = "00000000-0000-4000-8000-000000000000";

/** Claims job `jobId` for `workerId`. */
function claim(transport: JobTransport, workerId: string, jobId: string, now = at(0)) {
  return transport.claim({ workerId, jobId, now });
}

/** `claim`: leasing one job by id, as `dequeue` would, and only when it is PENDING and due. */
export function jobTransportClaimTests(ctx: () => JobTransportConformanceContext): void {
  describe("claim", () => {
    it("leases exactly the named due PENDING job, as dequeue would", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      const [low, high] = await persistence.enqueueJobs([
        newJob(run, { stageId: "low", priority: 1, now: at(-2) }),
        newJob(run, { stageId: "high", priority: 9, now: at(-1) }),
      ]);
      const leased = await claim(jobTransport, "worker-7", low?.id ?? "", at(42));
      expect(leased).toEqual({
        ...low,
        status: "RUNNING",
        lockedBy: "worker-7",
        lockedAt: at(42),
        heartbeatAt: at(42),
        updatedAt: expect.any(Date),
      });
      expect(await persistence.getJob(low?.id ?? "")).toEqual(leased);
      expect((await persistence.getJob(high?.id ?? ""))?.status).toBe("PENDING");
      expect(idsOf(await take(jobTransport, "w2", 10, at(43)))).toEqual([high?.id]);
      expect(
        await jobTransport.heartbeat({
          workerId: "worker-7",
          jobIds: [low?.id ?? ""],
          now: at(50),
        }),
      ).toEqual([low?.id]);
    });

    it("answers null for an unknown job", async () => {
      const { jobTransport } = ctx();
      expect(await claim(jobTransport, "w1", UNKNOWN_JOB_ID)).toBeNull();
    });

    it("answers null for a RUNNING job and leaves its lease alone, even for its holder", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      await persistence.enqueueJobs([newJob(run)]);
      const [job] = await take(jobTransport, "w1", 1, at(0));
      const id = job?.id ?? "";
      expect(await claim(jobTransport, "w2", id, at(10))).toBeNull();
      expect(await claim(jobTransport, "w1", id, at(10))).toBeNull();
      expect(await persistence.getJob(id)).toEqual(job);
    });

    it("answers null for COMPLETED, FAILED and CANCELLED jobs", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      const [done, failed] = await persistence.enqueueJobs([
        newJob(run, { stageId: "done", now: at(-2) }),
        newJob(run, { stageId: "failed", now: at(-1) }),
      ]);
      await claim(jobTransport, "w1", done?.id ?? "");
      await persistence.completeJob(done?.id ?? "", at(1), { workerId: "w1" });
      await persistence.failJob(failed?.id ?? "", "boom", at(1));
      const other = await jobRun(persistence);
      const [cancelled] = await persistence.enqueueJobs([newJob(other)]);
      await persistence.cancelJobsByRun(other.id, at(1));
      for (const job of [done, failed, cancelled]) {
        expect(await claim(jobTransport, "w2", job?.id ?? "", at(10))).toBeNull();
      }
      expect((await persistence.getJob(done?.id ?? ""))?.status).toBe("COMPLETED");
      expect((await persistence.getJob(failed?.id ?? ""))?.status).toBe("FAILED");
      expect((await persistence.getJob(cancelled?.id ?? ""))?.status).toBe("CANCELLED");
    });

    it("answers null before availableAt and leases the job at it", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      const [later] = await persistence.enqueueJobs([
        newJob(run, { availableAt: at(1_000), now: at(0) }),
      ]);
      expect(await claim(jobTransport, "w1", later?.id ?? "", at(999))).toBeNull();
      expect((await persistence.getJob(later?.id ?? ""))?.status).toBe("PENDING");
      expect(await claim(jobTransport, "w1", later?.id ?? "", at(1_000))).toMatchObject({
        id: later?.id,
        status: "RUNNING",
        lockedBy: "w1",
      });
    });

    it("leases a released or rescheduled job again once it is due", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      const [job] = await persistence.enqueueJobs([newJob(run)]);
      const id = job?.id ?? "";
      await claim(jobTransport, "w1", id);
      expect(await jobTransport.release({ workerId: "w1", jobIds: [id], now: at(1) })).toBe(1);
      expect(await claim(jobTransport, "w2", id, at(2))).toMatchObject({ lockedBy: "w2" });
      await persistence.rescheduleJob(
        id,
        { attempt: 2, availableAt: at(5_000), lastError: "flaky" },
        at(3),
      );
      expect(await claim(jobTransport, "w3", id, at(4_999))).toBeNull();
      expect(await claim(jobTransport, "w3", id, at(5_000))).toMatchObject({
        attempt: 2,
        lockedBy: "w3",
      });
    });

    it("leases a job to exactly one of several concurrent claimers", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      const [job] = await persistence.enqueueJobs([newJob(run)]);
      const workers = ["c1", "c2", "c3", "c4", "c5", "c6"];
      const answers = await Promise.all(
        workers.map((workerId) => claim(jobTransport, workerId, job?.id ?? "")),
      );
      const winners = answers.filter((answer): answer is JobRecord => answer !== null);
      expect(winners).toHaveLength(1);
      expect(await persistence.getJob(job?.id ?? "")).toMatchObject({
        status: "RUNNING",
        lockedBy: winners[0]?.lockedBy,
      });
    });

    it("never leases a job twice when claims race dequeues", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      const jobs = await persistence.enqueueJobs(
        Array.from({ length: 8 }, (_, i) => newJob(run, { stageId: `s${i}`, now: at(-i) })),
      );
      const dequeuers = ["d1", "d2", "d3"];
      const [dequeued, claimed] = await Promise.all([
        Promise.all(dequeuers.map((workerId) => take(jobTransport, workerId, 3))),
        Promise.all(jobs.map((job, i) => claim(jobTransport, `c${i}`, job.id))),
      ]);
      const leases = [
        ...dequeued.flat(),
        ...claimed.filter((job): job is JobRecord => job !== null),
      ];
      expect(new Set(idsOf(leases)).size, "a job was leased twice").toBe(leases.length);
      for (const lease of leases) {
        expect((await persistence.getJob(lease.id))?.lockedBy).toBe(lease.lockedBy);
      }
      const rest = await take(jobTransport, "last", 100);
      expect([...idsOf(leases), ...idsOf(rest)].sort()).toEqual(idsOf(jobs).sort());
    });
  });
}
