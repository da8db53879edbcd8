import { describe, expect, it } from "vitest";
import type { JobTransportConformanceContext } from "./conformance-context";
import { at, deferred, idsOf, newJob, RollbackSignal, rejectionOf } from "./fixtures";
import { jobRun, take } from "./job-transport-dequeue";

/**
 * Jobs become visible with the commit that creates them, and wake-ups follow commits.
 *
 * An adapter whose transactions are serialized (`persistence.capabilities.supportsRowLocks` is
 * false: in-memory, SQLite) may block an outside `dequeue` until the open transaction ends; one
 * with concurrent transactions (Postgres) must answer at once without the uncommitted job. The
 * tests are valid either way. Wake-up tests assume a store's listeners hear only that store's
 * commits (e.g. a NOTIFY channel per schema), since they check that no wake-up arrived early.
 */
export function jobTransportVisibilityTests(ctx: () => JobTransportConformanceContext): void {
  describe("job visibility", () => {
    it("never shows a job enqueued in a rolled-back transaction", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      await rejectionOf(
        persistence.withTransaction(async (tx) => {
          await tx.enqueueJobs([newJob(run)]);
          throw new RollbackSignal();
        }),
      );
      expect(await take(jobTransport, "w1", 10, at(1_000))).toEqual([]);
      expect(await persistence.getJobsByRun(run.id)).toEqual([]);
    });

    it("shows a job only once the transaction that enqueued it committed", async () => {
      const { persistence, jobTransport } = ctx();
      const run = await jobRun(persistence);
      const enqueued = deferred();
      const gate = deferred();
      let callbackDone = false;
      let jobId = "";
      const transaction = persistence.withTransaction(async (tx) => {
        const [job] = await tx.enqueueJobs([newJob(run)]);
        jobId = job?.id ?? "";
        enqueued.resolve();
        await gate.promise;
        callbackDone = true;
      });
      await enqueued.promise;
      const outside = take(jobTransport, "outsider", 10, at(1)).then((jobs) => ({
        jobs,
        callbackDone,
      }));
      if (persistence.capabilities.supportsRowLocks) {
        const early = await outside;
        expect(early.jobs, "an uncommitted job was dequeued by another connection").toEqual([]);
        gate.resolve();
        await transaction;
        expect(idsOf(await take(jobTransport, "w1", 10, at(2)))).toEqual([jobId]);
      } else {
        gate.resolve();
        await transaction;
        const seen = await outside;
        if (seen.jobs.length > 0) {
          expect(seen.callbackDone, "a job was dequeued before its transaction finished").toBe(
            true,
          );
          expect(idsOf(seen.jobs)).toEqual([jobId]);
        } else {
          expect(idsOf(await take(jobTransport, "w1", 10, at(2)))).toEqual([jobId]);
        }
      }
    });
  });

  describe("wake-ups", () => {
    it("calls subscribers after a committed enqueue, not before the commit nor for a rollback", async (testContext) => {
      const { persistence, jobTransport } = ctx();
      if (!jobTransport.capabilities.supportsWakeups) {
        testContext.skip("the transport does not support wake-ups");
        return;
      }
      expect(jobTransport.subscribe, "supportsWakeups is true but subscribe is missing").toBeTypeOf(
        "function",
      );
      const run = await jobRun(persistence);
      const wakeups = await countWakeups(jobTransport);
      try {
        await rejectionOf(
          persistence.withTransaction(async (tx) => {
            await tx.enqueueJobs([newJob(run)]);
            throw new RollbackSignal();
          }),
        );
        expect(wakeups.calls, "woken by a rolled-back transaction").toBe(0);
        await persistence.withTransaction(async (tx) => {
          await tx.enqueueJobs([newJob(run)]);
          expect(wakeups.calls, "woken before the commit").toBe(0);
        });
        await wakeups.woken;
        expect(wakeups.calls).toBeGreaterThanOrEqual(1);
      } finally {
        await wakeups.unsubscribe();
      }
    });

    it("sends no wake-up for jobs created already leased (leasedTo)", async (testContext) => {
      const { persistence, jobTransport } = ctx();
      if (!jobTransport.capabilities.supportsWakeups || !jobTransport.subscribe) {
        testContext.skip("the transport does not support wake-ups");
        return;
      }
      const run = await jobRun(persistence);
      const wakeups = await countWakeups(jobTransport);
      try {
        await persistence.withTransaction((tx) =>
          tx.enqueueJobs([newJob(run, { stageId: "a", leasedTo: "w1" })]),
        );
        // A later committed PENDING job does wake: by then a wake-up for the leased job,
        // delivered in commit order, would have arrived first.
        await persistence.withTransaction((tx) => tx.enqueueJobs([newJob(run, { stageId: "b" })]));
        await wakeups.woken;
        expect(wakeups.calls).toBe(1);
      } finally {
        await wakeups.unsubscribe();
      }
    });

    it("wakes subscribers after a transport enqueue, and stops after unsubscribe", async (testContext) => {
      const { persistence, jobTransport } = ctx();
      if (!jobTransport.capabilities.supportsWakeups || !jobTransport.subscribe) {
        testContext.skip("the transport does not support wake-ups");
        return;
      }
      const run = await jobRun(persistence);
      const wakeups = await countWakeups(jobTransport);
      await jobTransport.enqueue([newJob(run)]);
      await wakeups.woken;
      await wakeups.unsubscribe();
      const seen = wakeups.calls;
      const second = deferred();
      const other = await jobTransport.subscribe(() => second.resolve());
      await jobTransport.enqueue([newJob(run)]);
      await second.promise;
      await other();
      expect(wakeups.calls, "an unsubscribed listener was called").toBe(seen);
    });
  });
}

/** Subscribes to `jobTransport`'s wake-ups, counting them; `woken` settles at the first one. */
async function countWakeups(jobTransport: JobTransportConformanceContext["jobTransport"]): Promise<{
  readonly calls: number;
  readonly woken: Promise<void>;
  unsubscribe(): Promise<void>;
}> {
  const woken = deferred();
  let calls = 0;
  const unsubscribe = await jobTransport.subscribe?.(() => {
    calls += 1;
    woken.resolve();
  });
  return {
    get calls() {
      return calls;
    },
    woken: woken.promise,
    unsubscribe: async () => unsubscribe?.(),
  };
}
