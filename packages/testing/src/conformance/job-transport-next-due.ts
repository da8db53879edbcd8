import { describe, expect, it } from "vitest";
import type { JobTransportConformanceContext } from "./conformance-context";
import { at, newJob, newStage } from "./fixtures";
import { jobRun, take } from "./job-transport-dequeue";

/** `nextDueAt` (when the transport has it): the earliest scheduled job or suspended poll. */
export function jobTransportNextDueTests(ctx: () => JobTransportConformanceContext): void {
  describe("nextDueAt", () => {
    it("is null when nothing is due after the given time", async (test) => {
      const { persistence, jobTransport } = ctx();
      if (!jobTransport.nextDueAt) return test.skip("the transport has no nextDueAt");
      expect(await jobTransport.nextDueAt({ after: at(0) })).toBeNull();
      const run = await jobRun(persistence);
      await persistence.enqueueJobs([newJob(run, { availableAt: at(-5) })]); // due already
      expect(await jobTransport.nextDueAt({ after: at(0) })).toBeNull();
    });

    it("answers the earliest PENDING job availableAt or SUSPENDED nextPollAt after the given time", async (test) => {
      const { persistence, jobTransport } = ctx();
      if (!jobTransport.nextDueAt) return test.skip("the transport has no nextDueAt");
      const run = await jobRun(persistence);
      await persistence.enqueueJobs([
        newJob(run, { stageId: "late", availableAt: at(9_000) }),
        newJob(run, { stageId: "retry", availableAt: at(4_000) }),
      ]);
      expect(await jobTransport.nextDueAt({ after: at(0) })).toEqual(at(4_000));

      const [polled, running] = await persistence.createStages([
        newStage(run.id, "batch"),
        newStage(run.id, "other"),
      ]);
      if (!polled || !running) throw new Error("stages not created");
      await persistence.updateStage(
        polled.id,
        { status: "SUSPENDED", nextPollAt: at(1_500) },
        at(0),
      );
      // Only SUSPENDED stages count, whatever their nextPollAt says.
      await persistence.updateStage(running.id, { status: "RUNNING", nextPollAt: at(100) }, at(0));
      expect(await jobTransport.nextDueAt({ after: at(0) })).toEqual(at(1_500));
      expect(await jobTransport.nextDueAt({ after: at(1_500) })).toEqual(at(4_000));
    });

    it("ignores jobs that are not PENDING", async (test) => {
      const { persistence, jobTransport } = ctx();
      if (!jobTransport.nextDueAt) return test.skip("the transport has no nextDueAt");
      const run = await jobRun(persistence);
      await persistence.enqueueJobs([newJob(run, { stageId: "now" })]);
      const [leased] = await take(jobTransport, "w1", 1, at(0));
      expect(leased).toBeDefined();
      await persistence.enqueueJobs([newJob(run, { stageId: "soon", availableAt: at(700) })]);
      if (leased) await persistence.cancelJobsByRun(run.id, at(1));
      expect(await jobTransport.nextDueAt({ after: at(1) })).toBeNull();
    });
  });
}
