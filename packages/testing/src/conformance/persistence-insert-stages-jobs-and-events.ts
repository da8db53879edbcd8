import type { NewOutboxEvent, Persistence } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import type { PersistenceConformanceContext } from "./conformance-context";
import { at, expectErrorCode, HOSTILE_STRING, newJob, newRun, newStage, T0 } from "./fixtures";

function fastPath(persistence: Persistence): NonNullable<Persistence["insertStagesJobsAndEvents"]> {
  const insert = persistence.insertStagesJobsAndEvents;
  expect(insert, "the adapter declares insertStagesJobsAndEvents").toBeTypeOf("function");
  return (input) => (insert as NonNullable<typeof insert>).call(persistence, input);
}

const event = (workflowRunId: string, type: string, n = 0): NewOutboxEvent => ({
  workflowRunId,
  type,
  payload: { n, text: HOSTILE_STRING },
  now: at(n),
});

/**
 * The optional `insertStagesJobsAndEvents` fast path (registered when the suite is told the adapter
 * has it): the same records as `createStages`, `enqueueJobs` and `appendOutboxEvents`, all or nothing.
 */
export function persistenceInsertStagesJobsAndEventsTests(
  ctx: () => PersistenceConformanceContext,
): void {
  describe("insertStagesJobsAndEvents (fast path)", () => {
    it("stores the stages, jobs and events the three calls would, for several runs", async () => {
      const { persistence } = ctx();
      const r1 = await persistence.createRun(newRun());
      const r2 = await persistence.createRun(newRun());
      await persistence.appendOutboxEvents([event(r1.id, "workflow:created")]);
      const written = await persistence.withTransaction((tx) =>
        fastPath(tx)({
          stages: [
            newStage(r1.id, "a", { startedAt: at(1) }),
            newStage(r1.id, "b"),
            newStage(r2.id, "a", { groupIndex: 2 }),
          ],
          jobs: [
            newJob(r1, { stageId: "a", leasedTo: "w1", now: at(1) }),
            newJob(r1, { stageId: "b", payload: { p: HOSTILE_STRING } }),
            newJob(r2, { stageId: "a", availableAt: at(9) }),
          ],
          events: [
            event(r1.id, "workflow:started", 1),
            event(r2.id, "workflow:started", 2),
            event(r1.id, "stage:started", 3),
          ],
        }),
      );
      expect(written.stages.map((s) => [s.workflowRunId, s.stageId, s.status])).toEqual([
        [r1.id, "a", "RUNNING"],
        [r1.id, "b", "PENDING"],
        [r2.id, "a", "PENDING"],
      ]);
      expect(written.stages[0]).toMatchObject({ startedAt: at(1), attempt: 1, version: 1 });
      expect(written.stages[2]).toMatchObject({ groupIndex: 2, createdAt: T0 });
      expect(await persistence.getStagesByRun(r1.id)).toEqual(written.stages.slice(0, 2));
      expect(await persistence.getStagesByRun(r2.id)).toEqual(written.stages.slice(2));

      expect(written.jobs.map((j) => [j.stageId, j.status, j.lockedBy])).toEqual([
        ["a", "RUNNING", "w1"],
        ["b", "PENDING", null],
        ["a", "PENDING", null],
      ]);
      expect(written.jobs[0]).toMatchObject({ lockedAt: at(1), heartbeatAt: at(1) });
      expect(written.jobs[1]?.payload).toEqual({ p: HOSTILE_STRING });
      expect(written.jobs[2]?.availableAt).toEqual(at(9));
      for (const job of written.jobs) expect(await persistence.getJob(job.id)).toEqual(job);

      expect(written.events.map((e) => [e.workflowRunId, e.type, e.sequence])).toEqual([
        [r1.id, "workflow:started", 2],
        [r2.id, "workflow:started", 1],
        [r1.id, "stage:started", 3],
      ]);
      const stored = await persistence.getOutboxEvents(r1.id);
      expect(stored.map((e) => [e.type, e.sequence])).toEqual([
        ["workflow:created", 1],
        ["workflow:started", 2],
        ["stage:started", 3],
      ]);
      expect(stored[1]).toEqual(written.events[0]);
    });

    it("writes nothing of the call when a stage already exists", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      await persistence.createStages([newStage(run.id, "b")]);
      await expectErrorCode(
        persistence.withTransaction((tx) =>
          fastPath(tx)({
            stages: [newStage(run.id, "a"), newStage(run.id, "b")],
            jobs: [newJob(run, { stageId: "a" })],
            events: [event(run.id, "workflow:started")],
          }),
        ),
        "STAGE_ALREADY_EXISTS",
      );
      expect((await persistence.getStagesByRun(run.id)).map((s) => s.stageId)).toEqual(["b"]);
      expect(await persistence.getJobsByRun(run.id)).toEqual([]);
      expect(await persistence.getOutboxEvents(run.id)).toEqual([]);
      const [next] = await persistence.appendOutboxEvents([event(run.id, "workflow:started")]);
      expect(next?.sequence, "the sequence counter was not bumped").toBe(1);
    });

    it("accepts empty lists", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const onlyJobs = await fastPath(persistence)({
        stages: [],
        jobs: [newJob(run)],
        events: [],
      });
      expect(onlyJobs.stages).toEqual([]);
      expect(onlyJobs.jobs).toHaveLength(1);
      const onlyStages = await fastPath(persistence)({
        stages: [newStage(run.id, "a")],
        jobs: [],
        events: [],
      });
      expect(onlyStages.stages).toHaveLength(1);
      expect(onlyStages.events).toEqual([]);
    });
  });
}
