import type { StageRecord } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import type { PersistenceConformanceContext } from "./conformance-context";
import { at, expectErrorCode, idsOf, newRun, newStage, rejectionOf, T0 } from "./fixtures";

/** Stages: create (unique per run), read in order, optimistic updates, delete, suspended claims. */
export function persistenceStageTests(ctx: () => PersistenceConformanceContext): void {
  describe("stages", () => {
    it("creates PENDING stages at version 1 and attempt 1 with their defaults", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const [stage] = await persistence.createStages([newStage(run.id, "a", { groupIndex: 2 })]);
      expect(stage).toEqual({
        id: expect.any(String),
        workflowRunId: run.id,
        stageId: "a",
        stageName: "Stage a",
        groupIndex: 2,
        status: "PENDING",
        attempt: 1,
        outputRef: null,
        suspendedState: null,
        nextPollAt: null,
        pollIntervalMs: null,
        maxWaitUntil: null,
        error: null,
        progress: null,
        metrics: null,
        cost: 0,
        inputTokens: 0,
        outputTokens: 0,
        startedAt: null,
        completedAt: null,
        durationMs: null,
        traceparent: null,
        createdAt: T0,
        updatedAt: T0,
        version: 1,
      } satisfies Record<keyof StageRecord, unknown>);
      expect(await persistence.getStage(run.id, "a")).toEqual(stage);
      expect(await persistence.getStage(run.id, "missing")).toBeNull();
    });

    it("creates a stage RUNNING at attempt 1 when startedAt is given, next to PENDING ones", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const [a, b] = await persistence.createStages([
        newStage(run.id, "a", { startedAt: at(7) }),
        newStage(run.id, "b"),
      ]);
      expect(a).toMatchObject({ status: "RUNNING", attempt: 1, startedAt: at(7), version: 1 });
      expect(b).toMatchObject({ status: "PENDING", attempt: 1, startedAt: null, version: 1 });
      expect(await persistence.getStagesByRun(run.id)).toEqual([a, b]);
    });

    it("rejects a stage id that already exists for the run and writes nothing of that call", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const [a] = await persistence.createStages([newStage(run.id, "a")]);
      await rejectionOf(persistence.createStages([newStage(run.id, "b"), newStage(run.id, "a")]));
      await rejectionOf(persistence.createStages([newStage(run.id, "c"), newStage(run.id, "c")]));
      expect(await persistence.getStagesByRun(run.id)).toEqual([a]);
    });

    it("allows the same stage id in different runs", async () => {
      const { persistence } = ctx();
      const r1 = await persistence.createRun(newRun());
      const r2 = await persistence.createRun(newRun());
      await persistence.createStages([newStage(r1.id, "a")]);
      await persistence.createStages([newStage(r2.id, "a")]);
      expect((await persistence.getStage(r2.id, "a"))?.workflowRunId).toBe(r2.id);
    });

    it("lists a run's stages by group, then stage id", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const other = await persistence.createRun(newRun());
      await persistence.createStages([
        newStage(run.id, "zeta", { groupIndex: 1 }),
        newStage(run.id, "beta", { groupIndex: 3 }),
        newStage(run.id, "alpha", { groupIndex: 2 }),
        newStage(run.id, "gamma", { groupIndex: 2 }),
        newStage(other.id, "aaa", { groupIndex: 1 }),
      ]);
      const stages = await persistence.getStagesByRun(run.id);
      expect(stages.map((s) => s.stageId)).toEqual(["zeta", "alpha", "gamma", "beta"]);
      expect(await persistence.getStagesByRun("00000000-0000-4000-8000-000000000000")).toEqual([]);
    });

    it("applies a patch, bumps the version and sets updatedAt", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const [stage] = await persistence.createStages([newStage(run.id, "a")]);
      if (!stage) throw new Error("no stage");
      const patch = {
        status: "SUSPENDED" as const,
        attempt: 2,
        outputRef: "runs/r/stages/a/output",
        suspendedState: { batchId: "b1", ids: ["x", "y"] },
        nextPollAt: at(1_000),
        pollIntervalMs: 1_000,
        maxWaitUntil: at(60_000),
        error: { message: "transient", code: "E" },
        progress: { progress: 50, message: "half", details: { n: 1 } },
        metrics: { items: 3, ratio: 0.5 },
        cost: 0.125,
        inputTokens: 10,
        outputTokens: 20,
        startedAt: at(1),
        completedAt: at(2),
        durationMs: 1,
      };
      const updated = await persistence.updateStage(stage.id, patch, at(3), { expectedVersion: 1 });
      expect(updated).toEqual({ ...stage, ...patch, updatedAt: at(3), version: 2 });
      expect(await persistence.getStage(run.id, "a")).toEqual(updated);
      const cleared = await persistence.updateStage(
        stage.id,
        {
          suspendedState: null,
          nextPollAt: null,
          maxWaitUntil: null,
          error: null,
          progress: null,
          metrics: null,
        },
        at(4),
      );
      expect(cleared).toMatchObject({
        suspendedState: null,
        nextPollAt: null,
        maxWaitUntil: null,
        error: null,
        progress: null,
        metrics: null,
        version: 3,
      });
    });

    it("throws StaleVersionError on a version mismatch and changes nothing", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const [stage] = await persistence.createStages([newStage(run.id, "a")]);
      await persistence.updateStage(stage?.id ?? "", { status: "RUNNING" }, at(1));
      const before = await persistence.getStage(run.id, "a");
      await expectErrorCode(
        persistence.updateStage(stage?.id ?? "", { status: "COMPLETED" }, at(2), {
          expectedVersion: 1,
        }),
        "STALE_VERSION",
      );
      expect(await persistence.getStage(run.id, "a")).toEqual(before);
    });

    it("throws StageNotFoundError when updating an unknown stage record", async () => {
      const { persistence } = ctx();
      await expectErrorCode(
        persistence.updateStage("00000000-0000-4000-8000-000000000000", { status: "RUNNING" }, T0),
        "STAGE_NOT_FOUND",
      );
    });

    it("deletes the named stages of one run and returns how many", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const other = await persistence.createRun(newRun());
      await persistence.createStages([
        newStage(run.id, "a"),
        newStage(run.id, "b"),
        newStage(run.id, "c"),
      ]);
      await persistence.createStages([newStage(other.id, "b")]);
      expect(await persistence.deleteStages(run.id, ["b", "c", "missing"])).toBe(2);
      expect((await persistence.getStagesByRun(run.id)).map((s) => s.stageId)).toEqual(["a"]);
      expect(await persistence.getStagesByRun(other.id)).toHaveLength(1);
      expect(await persistence.deleteStages(run.id, [])).toBe(0);
      await persistence.createStages([newStage(run.id, "b")]);
    });
  });

  describe("claimDueSuspendedStages", () => {
    async function suspended(nextPollAts: (Date | null)[]): Promise<StageRecord[]> {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const created = await persistence.createStages(
        nextPollAts.map((_, i) => newStage(run.id, `s${i}`)),
      );
      return Promise.all(
        created.map((stage, i) =>
          persistence.updateStage(
            stage.id,
            { status: "SUSPENDED", nextPollAt: nextPollAts[i] ?? null },
            T0,
          ),
        ),
      );
    }

    it("claims due SUSPENDED stages earliest first, up to the limit, moving nextPollAt to now + leaseMs", async () => {
      const { persistence } = ctx();
      const [late, early] = await suspended([at(20), at(10), at(1_000), null]);
      const notSuspended = await persistence.createStages([
        newStage(late?.workflowRunId ?? "", "running"),
      ]);
      await persistence.updateStage(
        notSuspended[0]?.id ?? "",
        { status: "RUNNING", nextPollAt: at(0) },
        T0,
      );

      const claimed = await persistence.claimDueSuspendedStages({
        now: at(100),
        limit: 10,
        leaseMs: 500,
      });
      expect(idsOf(claimed)).toEqual([early?.id, late?.id]);
      for (const stage of claimed) {
        expect(stage.nextPollAt).toEqual(at(600));
        expect(stage.status).toBe("SUSPENDED");
        expect(await persistence.getStage(stage.workflowRunId, stage.stageId)).toEqual(stage);
      }
      expect(
        await persistence.claimDueSuspendedStages({ now: at(100), limit: 10, leaseMs: 500 }),
      ).toEqual([]);
    });

    it("honours the limit and treats nextPollAt == now as due", async () => {
      const { persistence } = ctx();
      const [a, b] = await suspended([at(5), at(5)]);
      const first = await persistence.claimDueSuspendedStages({
        now: at(5),
        limit: 1,
        leaseMs: 100,
      });
      expect(first).toHaveLength(1);
      const second = await persistence.claimDueSuspendedStages({
        now: at(5),
        limit: 1,
        leaseMs: 100,
      });
      expect([...idsOf(first), ...idsOf(second)].sort()).toEqual([a?.id, b?.id].sort());
    });

    it("makes a claimed stage claimable again once its lease expired", async () => {
      const { persistence } = ctx();
      const [stage] = await suspended([at(0)]);
      await persistence.claimDueSuspendedStages({ now: at(0), limit: 1, leaseMs: 1_000 });
      expect(
        await persistence.claimDueSuspendedStages({ now: at(999), limit: 1, leaseMs: 1_000 }),
      ).toEqual([]);
      const again = await persistence.claimDueSuspendedStages({
        now: at(1_000),
        limit: 1,
        leaseMs: 1_000,
      });
      expect(idsOf(again)).toEqual([stage?.id]);
    });

    it("never gives the same stage to two concurrent pollers", async () => {
      const { persistence } = ctx();
      const stages = await suspended([at(0), at(1), at(2), at(3), at(4), at(5)]);
      const answers = await Promise.all(
        [1, 2, 3, 4].map(() =>
          persistence.claimDueSuspendedStages({ now: at(10), limit: 2, leaseMs: 1_000 }),
        ),
      );
      const claimed = idsOf(answers.flat());
      expect(new Set(claimed).size).toBe(claimed.length);
      const rest = await persistence.claimDueSuspendedStages({
        now: at(10),
        limit: 10,
        leaseMs: 1_000,
      });
      expect([...claimed, ...idsOf(rest)].sort()).toEqual(idsOf(stages).sort());
    });
  });
}
