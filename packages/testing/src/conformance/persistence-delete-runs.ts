import type { Persistence, RunRecord, RunStatus } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import type { PersistenceConformanceContext } from "./conformance-context";
import { at, newJob, newLog, newRun, newStage } from "./fixtures";

const FINAL: RunStatus[] = ["COMPLETED", "FAILED", "CANCELLED"];

/** A run in `status` with two stages, two jobs, a log line, two events and an idempotency key. */
async function fullRun(
  context: PersistenceConformanceContext,
  status: RunStatus,
  key: string,
): Promise<RunRecord> {
  const { persistence } = context;
  const run = await persistence.createRun(newRun());
  if (status !== "PENDING") await persistence.updateRun(run.id, { status }, at(1));
  await persistence.createStages([newStage(run.id, "a"), newStage(run.id, "b")]);
  await persistence.enqueueJobs([newJob(run), newJob(run, { stageId: "b" })]);
  await persistence.appendLogs([newLog(run.id, "hello")]);
  await persistence.appendOutboxEvents([
    { workflowRunId: run.id, type: "workflow:created", payload: {}, now: at(0) },
    { workflowRunId: run.id, type: "stage:started", payload: {}, now: at(1) },
  ]);
  await persistence.acquireIdempotencyKey({
    key,
    commandType: "run.create",
    now: at(0),
    reclaimAfterMs: 1,
  });
  await persistence.completeIdempotencyKey(
    key,
    "run.create",
    { workflowRunId: run.id, status: "PENDING" },
    at(0),
  );
  await context.logAICall?.({
    topic: "t",
    provider: "p",
    model: "m",
    kind: "text",
    inputTokens: 1,
    outputTokens: 1,
    cost: 0.01,
    batch: false,
    status: "succeeded",
    durationMs: 1,
    createdAt: at(1),
    workflowRunId: run.id,
    stageId: "a",
  });
  return run;
}

async function rowsOf(persistence: Persistence, runId: string) {
  return {
    run: await persistence.getRun(runId),
    stages: (await persistence.getStagesByRun(runId)).length,
    jobs: (await persistence.getJobsByRun(runId)).length,
    logs: (await persistence.getLogs(runId)).length,
    events: (await persistence.getOutboxEvents(runId)).length,
    aiCalls: (await persistence.queries.listAICalls(runId)).length,
  };
}

/** `Persistence.deleteRuns`: final runs go with every row of theirs; other runs stay whole. */
export function persistenceDeleteRunTests(ctx: () => PersistenceConformanceContext): void {
  describe("deleteRuns", () => {
    it("deletes the runs in an allowed status with all their rows, and nothing else", async () => {
      const context = ctx();
      const { persistence } = context;
      if (!context.logAICall) {
        throw new Error(
          "This conformance setup must provide logAICall (the adapter's AI call logger).",
        );
      }
      const byStatus = new Map<RunStatus, RunRecord>();
      for (const status of ["PENDING", "RUNNING", ...FINAL] as RunStatus[]) {
        byStatus.set(status, await fullRun(context, status, `key-${status}`));
      }
      const ids = [...byStatus.values()].map((run) => run.id);
      const deleted = await persistence.withTransaction((tx) =>
        tx.deleteRuns([...ids, "unknown-run"], ["COMPLETED", "CANCELLED"]),
      );
      const gone = [byStatus.get("COMPLETED")?.id, byStatus.get("CANCELLED")?.id];
      expect([...deleted.runIds].sort()).toEqual([...gone].sort());
      expect(deleted).toMatchObject({
        stages: 4,
        jobs: 4,
        logs: 2,
        outboxEvents: 4,
        aiCalls: 2,
        idempotencyKeys: 2,
      });
      for (const status of ["COMPLETED", "CANCELLED"] as RunStatus[]) {
        const run = byStatus.get(status) as RunRecord;
        expect(await rowsOf(persistence, run.id)).toEqual({
          run: null,
          stages: 0,
          jobs: 0,
          logs: 0,
          events: 0,
          aiCalls: 0,
        });
        const again = await persistence.acquireIdempotencyKey({
          key: `key-${status}`,
          commandType: "run.create",
          now: at(2),
          reclaimAfterMs: 1,
        });
        expect(again.status).toBe("acquired");
      }
      for (const status of ["PENDING", "RUNNING", "FAILED"] as RunStatus[]) {
        const run = byStatus.get(status) as RunRecord;
        expect(await rowsOf(persistence, run.id)).toMatchObject({
          run: { id: run.id, status },
          stages: 2,
          jobs: 2,
          logs: 1,
          events: 2,
          aiCalls: 1,
        });
        const kept = await persistence.acquireIdempotencyKey({
          key: `key-${status}`,
          commandType: "run.create",
          now: at(2),
          reclaimAfterMs: 1,
        });
        expect(kept.status).toBe("replay");
      }
      // A new event of a deleted run's id would start again at sequence 1 (counter deleted too).
      const again = await persistence.createRun(newRun());
      const [event] = await persistence.appendOutboxEvents([
        { workflowRunId: again.id, type: "x", payload: {}, now: at(3) },
      ]);
      expect(event?.sequence).toBe(1);
    });

    it("rolls back with its transaction and ignores an empty list", async () => {
      const context = ctx();
      const { persistence } = context;
      const run = await fullRun(context, "COMPLETED", "key-rollback");
      await persistence
        .withTransaction(async (tx) => {
          await tx.deleteRuns([run.id], FINAL);
          throw new Error("conformance: forced rollback");
        })
        .catch(() => undefined);
      expect((await rowsOf(persistence, run.id)).run?.id).toBe(run.id);
      expect((await persistence.getStagesByRun(run.id)).length).toBe(2);
      expect(await persistence.withTransaction((tx) => tx.deleteRuns([], FINAL))).toMatchObject({
        runIds: [],
        stages: 0,
      });
    });
  });
}
