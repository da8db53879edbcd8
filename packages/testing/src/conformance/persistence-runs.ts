import type { RunRecord } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import type { PersistenceConformanceContext } from "./conformance-context";
import { at, expectErrorCode, idsOf, newRun, T0 } from "./fixtures";

/** Runs: create, read, optimistic updates, listing and claiming. */
export function persistenceRunTests(ctx: () => PersistenceConformanceContext): void {
  describe("runs", () => {
    it("creates a PENDING run at version 1 with its defaults, and reads it back", async () => {
      const { persistence } = ctx();
      const input = newRun({ metadata: { tenant: "t1" }, priority: 7 });
      const run = await persistence.createRun(input);
      expect(run).toEqual({
        id: expect.any(String),
        workflowId: "wf",
        status: "PENDING",
        input: input.input,
        config: input.config,
        priority: 7,
        metadata: { tenant: "t1" },
        currentGroup: null,
        output: null,
        error: null,
        cancelReason: null,
        totalCost: 0,
        totalTokens: 0,
        budgetUsd: null,
        claimedBy: null,
        traceparent: null,
        tracestate: null,
        createdAt: T0,
        startedAt: null,
        completedAt: null,
        updatedAt: T0,
        version: 1,
      } satisfies Record<keyof RunRecord, unknown>);
      expect(run.id.length).toBeGreaterThan(0);
      expect(await persistence.getRun(run.id)).toEqual(run);
      expect(await persistence.getRun(run.id, { forUpdate: true })).toEqual(run);
    });

    it("stores a run's AI budget (createRun and createRunWithEvent) and reads it back", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun({ budgetUsd: 0.25 }));
      expect(run.budgetUsd).toBe(0.25);
      expect((await persistence.getRun(run.id))?.budgetUsd).toBe(0.25);
      if (persistence.createRunWithEvent !== undefined) {
        const other = await persistence.createRunWithEvent(newRun({ budgetUsd: 1.5 }), {
          firstEvent: (r) => ({
            workflowRunId: r.id,
            type: "workflow:created",
            payload: {},
            now: T0,
          }),
        });
        expect(other?.budgetUsd).toBe(1.5);
        expect((await persistence.getRun(other?.id ?? ""))?.budgetUsd).toBe(1.5);
      }
    });

    it("gives every run its own id and returns null for an unknown id", async () => {
      const { persistence } = ctx();
      const a = await persistence.createRun(newRun());
      const b = await persistence.createRun(newRun());
      expect(a.id).not.toBe(b.id);
      expect(await persistence.getRun("00000000-0000-4000-8000-000000000000")).toBeNull();
    });

    it("applies a patch, bumps the version, sets updatedAt, and keeps every other field", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const patch = {
        status: "COMPLETED" as const,
        currentGroup: 2,
        output: { text: "done", items: [1, 2] },
        error: {
          message: "boom",
          code: "X",
          stageId: "a",
          attempt: 3,
          stack: "Error: boom\n    at body (stage.ts:1:1)",
        },
        cancelReason: "superseded by run 2",
        totalCost: 0.25,
        totalTokens: 1200,
        claimedBy: "worker-1",
        startedAt: at(10),
        completedAt: at(20),
      };
      const updated = await persistence.updateRun(run.id, patch, at(30));
      expect(updated).toEqual({ ...run, ...patch, updatedAt: at(30), version: 2 });
      expect(await persistence.getRun(run.id)).toEqual(updated);
    });

    it("bumps the version and updatedAt on an empty patch", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const touched = await persistence.updateRun(run.id, {}, at(5));
      expect(touched).toEqual({ ...run, updatedAt: at(5), version: 2 });
    });

    it("sets nullable fields back to null", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      await persistence.updateRun(
        run.id,
        {
          claimedBy: "w",
          error: { message: "x" },
          cancelReason: "r",
          output: { a: 1 },
          startedAt: at(1),
          currentGroup: 1,
        },
        at(1),
      );
      const cleared = await persistence.updateRun(
        run.id,
        {
          claimedBy: null,
          error: null,
          cancelReason: null,
          output: null,
          startedAt: null,
          currentGroup: null,
        },
        at(2),
      );
      expect(cleared).toMatchObject({
        claimedBy: null,
        error: null,
        output: null,
        startedAt: null,
        currentGroup: null,
      });
      expect(await persistence.getRun(run.id)).toEqual(cleared);
    });

    it("updates with the current expectedVersion", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const v2 = await persistence.updateRun(run.id, { status: "RUNNING" }, at(1), {
        expectedVersion: 1,
      });
      const v3 = await persistence.updateRun(run.id, { currentGroup: 1 }, at(2), {
        expectedVersion: 2,
      });
      expect([v2.version, v3.version]).toEqual([2, 3]);
    });

    it("throws StaleVersionError on a version mismatch and changes nothing", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      await persistence.updateRun(run.id, { status: "RUNNING" }, at(1));
      const before = await persistence.getRun(run.id);
      await expectErrorCode(
        persistence.updateRun(run.id, { status: "FAILED" }, at(2), { expectedVersion: 1 }),
        "STALE_VERSION",
      );
      expect(await persistence.getRun(run.id)).toEqual(before);
    });

    it("lets exactly one of two concurrent updates expecting the same version win", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const results = await Promise.allSettled(
        ["w1", "w2"].map((worker) =>
          persistence.withTransaction((tx) =>
            tx.updateRun(run.id, { claimedBy: worker }, at(1), { expectedVersion: run.version }),
          ),
        ),
      );
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0]?.reason as { code?: string } | undefined)?.code).toBe("STALE_VERSION");
      expect((await persistence.getRun(run.id))?.version).toBe(2);
    });

    it("throws RunNotFoundError when updating an unknown run", async () => {
      const { persistence } = ctx();
      await expectErrorCode(
        persistence.updateRun("00000000-0000-4000-8000-000000000000", { status: "RUNNING" }, T0),
        "RUN_NOT_FOUND",
      );
    });

    it("lists runs oldest first, filtered by status, workflowId, updatedBefore (strict) and limit", async () => {
      const { persistence } = ctx();
      const r3 = await persistence.createRun(newRun({ workflowId: "x", now: at(3) }));
      const r1 = await persistence.createRun(newRun({ workflowId: "x", now: at(1) }));
      const r2 = await persistence.createRun(newRun({ workflowId: "y", now: at(2) }));
      await persistence.updateRun(r2.id, { status: "RUNNING" }, at(10));
      expect(idsOf(await persistence.listRuns({}))).toEqual([r1.id, r2.id, r3.id]);
      expect(idsOf(await persistence.listRuns({ status: "PENDING" }))).toEqual([r1.id, r3.id]);
      expect(idsOf(await persistence.listRuns({ workflowId: "x" }))).toEqual([r1.id, r3.id]);
      expect(idsOf(await persistence.listRuns({ workflowId: "x", status: "RUNNING" }))).toEqual([]);
      expect(idsOf(await persistence.listRuns({ updatedBefore: at(3) }))).toEqual([r1.id]);
      expect(idsOf(await persistence.listRuns({ updatedBefore: at(10) }))).toEqual([r1.id, r3.id]);
      expect(idsOf(await persistence.listRuns({ updatedBefore: at(11) }))).toEqual([
        r1.id,
        r2.id,
        r3.id,
      ]);
      expect(idsOf(await persistence.listRuns({ limit: 2 }))).toEqual([r1.id, r2.id]);
      expect(idsOf(await persistence.listRuns({ status: "PENDING", limit: 1 }))).toEqual([r1.id]);
    });
  });

  describe("claimPendingRuns", () => {
    it("claims PENDING runs by priority (descending) then age, up to the limit, and marks them RUNNING", async () => {
      const { persistence } = ctx();
      const low = await persistence.createRun(newRun({ priority: 1, now: at(0) }));
      const highNew = await persistence.createRun(newRun({ priority: 9, now: at(2) }));
      const highOld = await persistence.createRun(newRun({ priority: 9, now: at(1) }));
      const mid = await persistence.createRun(newRun({ priority: 5, now: at(3) }));
      const done = await persistence.createRun(newRun({ priority: 10, now: at(0) }));
      await persistence.updateRun(done.id, { status: "COMPLETED" }, at(4));

      const first = await persistence.withTransaction((tx) =>
        tx.claimPendingRuns({ workerId: "w1", limit: 3, now: at(100) }),
      );
      expect(idsOf(first)).toEqual([highOld.id, highNew.id, mid.id]);
      for (const run of first) {
        expect(run).toMatchObject({
          status: "RUNNING",
          currentGroup: 1,
          claimedBy: "w1",
          startedAt: at(100),
          updatedAt: at(100),
          version: 2,
        });
        expect(await persistence.getRun(run.id)).toEqual(run);
      }
      const second = await persistence.withTransaction((tx) =>
        tx.claimPendingRuns({ workerId: "w2", limit: 10, now: at(200) }),
      );
      expect(idsOf(second)).toEqual([low.id]);
      expect(
        await persistence.withTransaction((tx) =>
          tx.claimPendingRuns({ workerId: "w3", limit: 10, now: at(300) }),
        ),
      ).toEqual([]);
    });

    it("never gives the same run to two concurrent claimers", async () => {
      const { persistence } = ctx();
      const created: string[] = [];
      for (let i = 0; i < 12; i++)
        created.push((await persistence.createRun(newRun({ now: at(i) }))).id);
      const workers = ["w1", "w2", "w3", "w4", "w5"];
      const answers = await Promise.all(
        workers.map((workerId) =>
          persistence.withTransaction((tx) =>
            tx.claimPendingRuns({ workerId, limit: 3, now: at(100) }),
          ),
        ),
      );
      const claimed = answers.flat();
      expect(new Set(idsOf(claimed)).size).toBe(claimed.length);
      answers.forEach((runs, index) => {
        for (const run of runs) expect(run.claimedBy).toBe(workers[index]);
      });
      const rest = await persistence.withTransaction((tx) =>
        tx.claimPendingRuns({ workerId: "last", limit: 100, now: at(200) }),
      );
      expect([...idsOf(claimed), ...idsOf(rest)].sort()).toEqual([...created].sort());
    });

    it("rolls the claim back with its transaction", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      await persistence
        .withTransaction(async (tx) => {
          await tx.claimPendingRuns({ workerId: "w1", limit: 1, now: at(1) });
          throw new Error("conformance: forced rollback");
        })
        .catch(() => undefined);
      expect(await persistence.getRun(run.id)).toEqual(run);
    });
  });
}
