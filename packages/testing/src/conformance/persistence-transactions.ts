import { describe, expect, it } from "vitest";
import type { PersistenceConformanceContext } from "./conformance-context";
import {
  at,
  newEvent,
  newJob,
  newLog,
  newRun,
  newStage,
  RollbackSignal,
  rejectionOf,
  T0,
} from "./fixtures";

/** `withTransaction`: commit, rollback of every kind of write, nested calls. */
export function persistenceTransactionTests(ctx: () => PersistenceConformanceContext): void {
  describe("transactions", () => {
    it("commits every write of a callback that resolves, and returns its value", async () => {
      const { persistence } = ctx();
      const result = await persistence.withTransaction(async (tx) => {
        const run = await tx.createRun(newRun());
        await tx.createStages([newStage(run.id, "a")]);
        await tx.enqueueJobs([newJob(run)]);
        await tx.appendOutboxEvents([newEvent(run.id)]);
        await tx.appendLogs([newLog(run.id, "hello")]);
        await tx.acquireIdempotencyKey({
          key: "k",
          commandType: "run.create",
          now: T0,
          reclaimAfterMs: 60_000,
        });
        return run.id;
      });
      expect(await persistence.getRun(result)).not.toBeNull();
      expect(await persistence.getStagesByRun(result)).toHaveLength(1);
      expect(await persistence.getJobsByRun(result)).toHaveLength(1);
      expect(await persistence.getOutboxEvents(result)).toHaveLength(1);
      expect(await persistence.getLogs(result)).toHaveLength(1);
      const again = await persistence.acquireIdempotencyKey({
        key: "k",
        commandType: "run.create",
        now: T0,
        reclaimAfterMs: 60_000,
      });
      expect(again.status).toBe("in_progress");
    });

    it("shows a transaction its own uncommitted writes", async () => {
      const { persistence } = ctx();
      await persistence.withTransaction(async (tx) => {
        const run = await tx.createRun(newRun());
        await tx.updateRun(run.id, { status: "RUNNING" }, at(1));
        expect((await tx.getRun(run.id))?.status).toBe("RUNNING");
        await tx.enqueueJobs([newJob(run)]);
        expect(await tx.getJobsByRun(run.id)).toHaveLength(1);
      });
    });

    it("rolls back every write of a callback that throws (runs, stages, jobs, outbox, logs, idempotency keys) and rethrows", async () => {
      const { persistence } = ctx();
      const existing = await persistence.createRun(newRun());
      const [stage] = await persistence.createStages([newStage(existing.id, "a")]);
      let createdId = "";
      const error = await rejectionOf(
        persistence.withTransaction(async (tx) => {
          createdId = (await tx.createRun(newRun({ workflowId: "other" }))).id;
          await tx.updateRun(existing.id, { status: "RUNNING", claimedBy: "w" }, at(1));
          await tx.updateStage(stage?.id ?? "", { status: "RUNNING" }, at(1));
          await tx.createStages([newStage(existing.id, "b")]);
          await tx.enqueueJobs([newJob(existing)]);
          await tx.appendOutboxEvents([newEvent(existing.id)]);
          await tx.appendLogs([newLog(existing.id, "lost")]);
          await tx.acquireIdempotencyKey({
            key: "k",
            commandType: "run.create",
            now: T0,
            reclaimAfterMs: 60_000,
          });
          throw new RollbackSignal();
        }),
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe("conformance: forced rollback");
      expect(await persistence.getRun(createdId)).toBeNull();
      expect(await persistence.getRun(existing.id)).toEqual(existing);
      expect(await persistence.getStagesByRun(existing.id)).toEqual([stage]);
      expect(await persistence.getJobsByRun(existing.id)).toEqual([]);
      expect(await persistence.getOutboxEvents(existing.id)).toEqual([]);
      expect(await persistence.getLogs(existing.id)).toEqual([]);
      expect(await persistence.listRuns({})).toEqual([existing]);
      const key = await persistence.acquireIdempotencyKey({
        key: "k",
        commandType: "run.create",
        now: T0,
        reclaimAfterMs: 60_000,
      });
      expect(key.status).toBe("acquired");
    });

    it("does not burn outbox sequences in a rolled-back transaction (sequences stay gapless)", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      await persistence.appendOutboxEvents([newEvent(run.id)]);
      await rejectionOf(
        persistence.withTransaction(async (tx) => {
          await tx.appendOutboxEvents([newEvent(run.id), newEvent(run.id)]);
          throw new RollbackSignal();
        }),
      );
      const [next] = await persistence.appendOutboxEvents([newEvent(run.id)]);
      expect(next?.sequence).toBe(2);
      expect((await persistence.getOutboxEvents(run.id)).map((e) => e.sequence)).toEqual([1, 2]);
    });

    it("joins a nested withTransaction on the transaction object: its writes commit with the outer one", async () => {
      const { persistence } = ctx();
      const runId = await persistence.withTransaction(async (tx) => {
        const run = await tx.createRun(newRun());
        await tx.withTransaction(async (inner) => {
          expect(await inner.getRun(run.id)).not.toBeNull();
          await inner.createStages([newStage(run.id, "a")]);
        });
        expect(await tx.getStagesByRun(run.id)).toHaveLength(1);
        return run.id;
      });
      expect(await persistence.getStagesByRun(runId)).toHaveLength(1);
    });

    it("rolls back a nested transaction's writes when the outer transaction throws afterwards", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      await rejectionOf(
        persistence.withTransaction(async (tx) => {
          await tx.withTransaction(async (inner) => {
            await inner.createStages([newStage(run.id, "a")]);
            await inner.enqueueJobs([newJob(run)]);
          });
          throw new RollbackSignal();
        }),
      );
      expect(await persistence.getStagesByRun(run.id)).toEqual([]);
      expect(await persistence.getJobsByRun(run.id)).toEqual([]);
    });

    it("rolls back everything when a nested callback throws and the error propagates", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      await rejectionOf(
        persistence.withTransaction(async (tx) => {
          await tx.updateRun(run.id, { status: "RUNNING" }, at(1));
          await tx.withTransaction(async (inner) => {
            await inner.appendOutboxEvents([newEvent(run.id)]);
            throw new RollbackSignal();
          });
        }),
      );
      expect(await persistence.getRun(run.id)).toEqual(run);
      expect(await persistence.getOutboxEvents(run.id)).toEqual([]);
    });

    it("isolates concurrent transactions: both commit, neither loses the other's writes", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      await Promise.all(
        ["a", "b", "c"].map((stageId) =>
          persistence.withTransaction(async (tx) => {
            await tx.createStages([newStage(run.id, stageId)]);
            await tx.appendOutboxEvents([newEvent(run.id)]);
          }),
        ),
      );
      expect((await persistence.getStagesByRun(run.id)).map((s) => s.stageId)).toEqual([
        "a",
        "b",
        "c",
      ]);
      expect((await persistence.getOutboxEvents(run.id)).map((e) => e.sequence)).toEqual([1, 2, 3]);
    });
  });
}
