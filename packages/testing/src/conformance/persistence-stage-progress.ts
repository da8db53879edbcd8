import type { Persistence, StageProgressWrite, StageRecord } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import type { PersistenceConformanceContext } from "./conformance-context";
import { at, expectErrorCode, HOSTILE_STRING, newJob, newRun, newStage } from "./fixtures";

function recordProgress(persistence: Persistence): (write: StageProgressWrite) => Promise<boolean> {
  const record = persistence.recordStageProgress;
  expect(record, "the adapter declares recordStageProgress").toBeTypeOf("function");
  return (write) => (record as NonNullable<typeof record>).call(persistence, write);
}

/** A RUNNING stage "a" (attempt 1) whose job is RUNNING and leased to "w1". */
async function runningAttempt(persistence: Persistence) {
  const run = await persistence.createRun(newRun());
  const [stage] = await persistence.createStages([newStage(run.id, "a", { startedAt: at(1) })]);
  const [job] = await persistence.enqueueJobs([newJob(run, { leasedTo: "w1", now: at(1) })]);
  if (stage === undefined || job === undefined) throw new Error("fixture not created");
  const write = (progress: StageProgressWrite["progress"], overrides = {}): StageProgressWrite => ({
    stageRecordId: stage.id,
    attempt: 1,
    jobId: job.id,
    workerId: "w1",
    progress,
    ...overrides,
  });
  return { run, stage, job, write };
}

async function stored(persistence: Persistence, stage: StageRecord): Promise<StageRecord> {
  const current = await persistence.getStage(stage.workflowRunId, stage.stageId);
  if (current === null) throw new Error("stage vanished");
  return current;
}

/**
 * The optional `recordStageProgress` (registered when the suite is told the adapter has it): the
 * progress of a running attempt alone, only while that attempt runs under that lease, with no
 * version or `updatedAt` change.
 */
export function persistenceStageProgressTests(ctx: () => PersistenceConformanceContext): void {
  describe("recordStageProgress", () => {
    it("stores the progress of the running attempt without changing version or updatedAt", async () => {
      const { persistence } = ctx();
      const { stage, write } = await runningAttempt(persistence);
      const record = recordProgress(persistence);
      expect(await record(write({ progress: 0.25, message: HOSTILE_STRING }))).toBe(true);
      const first = await stored(persistence, stage);
      expect(first.progress).toEqual({ progress: 0.25, message: HOSTILE_STRING });
      expect(first).toEqual({ ...stage, progress: first.progress });

      const details = { step: 2, of: [1, 2, 3], note: { nested: true, empty: null } };
      expect(await record(write({ progress: 0.5, message: "half", details }))).toBe(true);
      const second = await stored(persistence, stage);
      expect(second.progress).toEqual({ progress: 0.5, message: "half", details });
      expect(second.version).toBe(stage.version);
      expect(second.updatedAt).toEqual(stage.updatedAt);

      // The completion's optimistic check on the version read before the writes still passes.
      const completed = await persistence.updateStage(
        stage.id,
        { status: "COMPLETED", progress: { progress: 1, message: "done" }, completedAt: at(9) },
        at(9),
        { expectedVersion: stage.version },
      );
      expect(completed.version).toBe(stage.version + 1);
      expect(completed.progress).toEqual({ progress: 1, message: "done" });
    });

    it("joins a transaction and rolls back with it", async () => {
      const { persistence } = ctx();
      const { stage, write } = await runningAttempt(persistence);
      await expect(
        persistence.withTransaction(async (tx) => {
          expect(await recordProgress(tx)(write({ progress: 0.1, message: "in tx" }))).toBe(true);
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      expect((await stored(persistence, stage)).progress).toBeNull();
    });

    it("refuses another attempt, another job or worker, and changes nothing", async () => {
      const { persistence } = ctx();
      const { run, stage, write } = await runningAttempt(persistence);
      const [other] = await persistence.enqueueJobs([newJob(run, { stageId: "b" })]);
      const record = recordProgress(persistence);
      const progress = { progress: 0.3, message: "late" };
      expect(await record(write(progress, { attempt: 2 }))).toBe(false);
      expect(await record(write(progress, { workerId: "w2" }))).toBe(false);
      expect(await record(write(progress, { jobId: other?.id }))).toBe(false);
      expect(await record(write(progress, { stageRecordId: "no-such-stage" }))).toBe(false);
      expect(await stored(persistence, stage)).toEqual(stage);
    });

    it("refuses a stage that is not RUNNING or whose job is no longer leased", async () => {
      const { persistence } = ctx();
      const { stage, job, write } = await runningAttempt(persistence);
      const record = recordProgress(persistence);
      const suspended = await persistence.updateStage(stage.id, { status: "SUSPENDED" }, at(2));
      expect(await record(write({ progress: 0.4, message: "suspended" }))).toBe(false);
      expect(await stored(persistence, stage)).toEqual(suspended);

      const running = await persistence.updateStage(stage.id, { status: "RUNNING" }, at(3));
      expect(await persistence.completeJob(job.id, at(3), { workerId: "w1" })).toBe(true);
      expect(await record(write({ progress: 0.5, message: "job done" }))).toBe(false);
      expect(await stored(persistence, stage)).toEqual(running);

      const { stage: pending, write: pendingWrite } = await runningAttempt(persistence);
      const failed = await persistence.updateStage(pending.id, { status: "PENDING" }, at(4));
      expect(await record(pendingWrite({ progress: 0.6, message: "pending" }))).toBe(false);
      expect(await stored(persistence, pending)).toEqual(failed);
    });

    it("rejects progress that is not JSON and changes nothing", async () => {
      const { persistence } = ctx();
      const { stage, write } = await runningAttempt(persistence);
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expectErrorCode(
        recordProgress(persistence)(write({ progress: 0.1, message: "x", details: cyclic })),
        "NOT_JSON_SERIALIZABLE",
      );
      expect(await stored(persistence, stage)).toEqual(stage);
    });
  });
}
