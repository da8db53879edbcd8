import { describe, expect, it } from "vitest";
import type { JobTransportConformanceContext } from "./conformance-context";
import { at, idsOf, newJob } from "./fixtures";
import { jobRun, take } from "./job-transport-dequeue";

/** Leases: completion with the lease check, reschedule, cancel, heartbeat, release, reaping. */
export function jobTransportLeaseTests(ctx: () => JobTransportConformanceContext): void {
  describe("job leases", () => {
    it("completes a job for the worker holding its lease", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      await persistence.enqueueJobs([newJob(run)]);
      const [job] = await take(jobTransport, "w1");
      expect(await persistence.completeJob(job?.id ?? "", at(5), { workerId: "w1" })).toBe(true);
      expect(await persistence.getJob(job?.id ?? "")).toMatchObject({
        status: "COMPLETED",
        updatedAt: at(5),
      });
      expect(
        await jobTransport.heartbeat({ workerId: "w1", jobIds: [job?.id ?? ""], now: at(6) }),
      ).toEqual([]);
    });

    it("creates a job already leased with leasedTo: held by that worker only, as if dequeued", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      const [job, queued] = await persistence.enqueueJobs([
        newJob(run, { stageId: "a", leasedTo: "w1", now: at(3) }),
        newJob(run, { stageId: "b", now: at(3) }),
      ]);
      expect(job).toMatchObject({
        status: "RUNNING",
        lockedBy: "w1",
        lockedAt: at(3),
        heartbeatAt: at(3),
        availableAt: at(3),
        attempt: 1,
      });
      expect(queued).toMatchObject({ status: "PENDING", lockedBy: null, lockedAt: null });
      expect(await persistence.getJob(job?.id ?? "")).toEqual(job);
      expect(idsOf(await take(jobTransport, "w2", 10, at(4)))).toEqual([queued?.id]);
      expect(await persistence.completeJob(queued?.id ?? "", at(4), { workerId: "w2" })).toBe(true);
      expect(await jobTransport.claim({ workerId: "w2", jobId: job?.id ?? "", now: at(4) })).toBe(
        null,
      );
      const ids = [job?.id ?? ""];
      expect(await jobTransport.heartbeat({ workerId: "w2", jobIds: ids, now: at(5) })).toEqual([]);
      expect(await jobTransport.heartbeat({ workerId: "w1", jobIds: ids, now: at(5) })).toEqual(
        ids,
      );
      expect(await jobTransport.releaseStale({ staleBefore: at(5), now: at(6) })).toBe(0);
      expect(await jobTransport.release({ workerId: "w1", jobIds: ids, now: at(7) })).toBe(1);
      expect(idsOf(await take(jobTransport, "w2", 10, at(8)))).toEqual(ids);
    });

    it("completes a RUNNING job without a workerId", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      await persistence.enqueueJobs([newJob(run)]);
      const [job] = await take(jobTransport, "w1");
      expect(await persistence.completeJob(job?.id ?? "", at(5))).toBe(true);
      expect((await persistence.getJob(job?.id ?? ""))?.status).toBe("COMPLETED");
    });

    it("refuses completion (false, nothing changed) for a worker that lost the lease", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      await persistence.enqueueJobs([newJob(run)]);
      const [job] = await take(jobTransport, "w1", 1, at(0));
      const id = job?.id ?? "";
      expect(await persistence.completeJob(id, at(1), { workerId: "w2" })).toBe(false);
      expect(await jobTransport.releaseStale({ staleBefore: at(100), now: at(100) })).toBe(1);
      const [again] = await take(jobTransport, "w2", 1, at(101));
      expect(again?.id).toBe(id);
      const before = await persistence.getJob(id);
      expect(await persistence.completeJob(id, at(102), { workerId: "w1" })).toBe(false);
      expect(await persistence.getJob(id)).toEqual(before);
      expect(await persistence.completeJob(id, at(103), { workerId: "w2" })).toBe(true);
    });

    it("never completes a CANCELLED job", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      await persistence.enqueueJobs([newJob(run)]);
      const [job] = await take(jobTransport, "w1");
      expect(await persistence.cancelJobsByRun(run.id, at(1))).toBe(1);
      expect(await persistence.completeJob(job?.id ?? "", at(2), { workerId: "w1" })).toBe(false);
      expect(await persistence.completeJob(job?.id ?? "", at(2))).toBe(false);
      expect((await persistence.getJob(job?.id ?? ""))?.status).toBe("CANCELLED");
      expect(
        await jobTransport.heartbeat({ workerId: "w1", jobIds: [job?.id ?? ""], now: at(3) }),
      ).toEqual([]);
    });

    it("reschedules a leased job: PENDING without lease, dequeued again only at availableAt", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      await persistence.enqueueJobs([newJob(run)]);
      const [job] = await take(jobTransport, "w1");
      await persistence.rescheduleJob(
        job?.id ?? "",
        { attempt: 2, availableAt: at(5_000), lastError: "flaky" },
        at(1),
      );
      expect(await persistence.getJob(job?.id ?? "")).toMatchObject({
        status: "PENDING",
        attempt: 2,
        lastError: "flaky",
        lockedBy: null,
        lockedAt: null,
        heartbeatAt: null,
      });
      expect(
        await jobTransport.heartbeat({ workerId: "w1", jobIds: [job?.id ?? ""], now: at(2) }),
      ).toEqual([]);
      expect(await take(jobTransport, "w2", 10, at(4_999))).toEqual([]);
      const [again] = await take(jobTransport, "w2", 10, at(5_000));
      expect(again).toMatchObject({ id: job?.id, attempt: 2, lockedBy: "w2" });
    });

    it("cancels RUNNING and PENDING jobs of a run", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      await persistence.enqueueJobs([
        newJob(run, { stageId: "a", now: at(-1) }),
        newJob(run, { stageId: "b" }),
      ]);
      await take(jobTransport, "w1", 1);
      expect(await persistence.cancelJobsByRun(run.id, at(1))).toBe(2);
      expect((await persistence.getJobsByRun(run.id)).map((j) => j.status)).toEqual([
        "CANCELLED",
        "CANCELLED",
      ]);
    });

    it("heartbeat renews and returns only the ids the worker still holds", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      await persistence.enqueueJobs([
        newJob(run, { stageId: "a", now: at(-3) }),
        newJob(run, { stageId: "b", now: at(-2) }),
        newJob(run, { stageId: "c", now: at(-1) }),
      ]);
      const [a, b] = await take(jobTransport, "w1", 2);
      const [c] = await take(jobTransport, "w2", 1);
      await persistence.completeJob(b?.id ?? "", at(1), { workerId: "w1" });
      const held = await jobTransport.heartbeat({
        workerId: "w1",
        jobIds: [a?.id ?? "", b?.id ?? "", c?.id ?? "", "00000000-0000-4000-8000-000000000000"],
        now: at(50),
      });
      expect(held).toEqual([a?.id]);
      expect((await persistence.getJob(a?.id ?? ""))?.heartbeatAt).toEqual(at(50));
      expect((await persistence.getJob(c?.id ?? ""))?.heartbeatAt).toEqual(at(0));
      expect(await jobTransport.heartbeat({ workerId: "w1", jobIds: [], now: at(51) })).toEqual([]);
    });

    it("release returns only the worker's own leased jobs to PENDING", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      await persistence.enqueueJobs([
        newJob(run, { stageId: "a", now: at(-2) }),
        newJob(run, { stageId: "b", now: at(-1) }),
      ]);
      const [mine] = await take(jobTransport, "w1", 1);
      const [theirs] = await take(jobTransport, "w2", 1);
      const released = await jobTransport.release({
        workerId: "w1",
        jobIds: [mine?.id ?? "", theirs?.id ?? ""],
        now: at(10),
      });
      expect(released).toBe(1);
      expect(await persistence.getJob(mine?.id ?? "")).toMatchObject({
        status: "PENDING",
        lockedBy: null,
        lockedAt: null,
        heartbeatAt: null,
      });
      expect(await persistence.getJob(theirs?.id ?? "")).toMatchObject({
        status: "RUNNING",
        lockedBy: "w2",
      });
      expect(idsOf(await take(jobTransport, "w3", 10, at(11)))).toEqual([mine?.id]);
    });

    it("releaseStale returns only RUNNING jobs whose heartbeat is older than staleBefore", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      await persistence.enqueueJobs([
        newJob(run, { stageId: "dead", now: at(-3) }),
        newJob(run, { stageId: "alive", now: at(-2) }),
        newJob(run, { stageId: "edge", now: at(-1) }),
        newJob(run, { stageId: "queued", availableAt: at(1_000_000) }),
      ]);
      const [dead, alive, edge] = await take(jobTransport, "w1", 3, at(0));
      await jobTransport.heartbeat({ workerId: "w1", jobIds: [alive?.id ?? ""], now: at(500) });
      await jobTransport.heartbeat({ workerId: "w1", jobIds: [edge?.id ?? ""], now: at(100) });
      expect(await jobTransport.releaseStale({ staleBefore: at(100), now: at(600) })).toBe(1);
      expect(await persistence.getJob(dead?.id ?? "")).toMatchObject({
        status: "PENDING",
        lockedBy: null,
      });
      expect((await persistence.getJob(alive?.id ?? ""))?.status).toBe("RUNNING");
      expect((await persistence.getJob(edge?.id ?? ""))?.status).toBe("RUNNING");
      expect(
        await jobTransport.heartbeat({ workerId: "w1", jobIds: [dead?.id ?? ""], now: at(601) }),
      ).toEqual([]);
      expect(await jobTransport.releaseStale({ staleBefore: at(100), now: at(700) })).toBe(0);
    });
  });
}
