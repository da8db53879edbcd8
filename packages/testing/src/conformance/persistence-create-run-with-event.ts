import type { NewOutboxEvent, Persistence, RunRecord } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import type { PersistenceConformanceContext } from "./conformance-context";
import { at, expectErrorCode, HOSTILE_STRING, newRun, T0 } from "./fixtures";

const firstEvent = (run: RunRecord): NewOutboxEvent => ({
  workflowRunId: run.id,
  type: "workflow:created",
  payload: { workflowRunId: run.id, workflowId: run.workflowId, priority: run.priority },
  now: run.createdAt,
});

const keyed = (key: string, commandType = "run.create") => ({
  firstEvent,
  idempotency: {
    key,
    commandType,
    result: (run: RunRecord) => ({ workflowRunId: run.id, status: "PENDING" }),
  },
});

function fastPath(persistence: Persistence): NonNullable<Persistence["createRunWithEvent"]> {
  const create = persistence.createRunWithEvent;
  expect(create, "the adapter declares createRunWithEvent").toBeTypeOf("function");
  return (input, options) =>
    (create as NonNullable<typeof create>).call(persistence, input, options);
}

/**
 * The optional `createRunWithEvent` fast path (registered when the suite is told the adapter has
 * it): the run, its first event at sequence 1 and the completed key, all or nothing.
 */
export function persistenceCreateRunWithEventTests(ctx: () => PersistenceConformanceContext): void {
  describe("createRunWithEvent (fast path)", () => {
    it("inserts a PENDING run with its first event at sequence 1", async () => {
      const { persistence } = ctx();
      const run = await fastPath(persistence)(newRun({ workflowId: HOSTILE_STRING }), {
        firstEvent,
      });
      expect(run).not.toBeNull();
      if (run === null) return;
      expect(await persistence.getRun(run.id)).toEqual(run);
      expect(run).toMatchObject({ status: "PENDING", version: 1, workflowId: HOSTILE_STRING });
      const events = await persistence.getOutboxEvents(run.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        sequence: 1,
        type: "workflow:created",
        status: "PENDING",
        payload: { workflowRunId: run.id, workflowId: HOSTILE_STRING, priority: 5 },
      });
      // The run's sequence counter continues after the first event.
      const [next] = await persistence.appendOutboxEvents([
        { workflowRunId: run.id, type: "workflow:started", payload: {}, now: at(1) },
      ]);
      expect(next?.sequence).toBe(2);
    });

    it("completes the idempotency key with the result in the same write", async () => {
      const { persistence } = ctx();
      const run = await fastPath(persistence)(newRun(), keyed("k-fast"));
      expect(run).not.toBeNull();
      const replay = await persistence.acquireIdempotencyKey({
        key: "k-fast",
        commandType: "run.create",
        now: at(1),
        reclaimAfterMs: 60_000,
      });
      expect(replay).toEqual({
        status: "replay",
        result: { workflowRunId: run?.id, status: "PENDING" },
      });
    });

    it("writes nothing and returns null when the key exists, in progress or completed", async () => {
      const { persistence } = ctx();
      const create = fastPath(persistence);
      const first = await create(newRun(), keyed("k-done"));
      expect(await create(newRun({ workflowId: "again" }), keyed("k-done"))).toBeNull();
      await persistence.acquireIdempotencyKey({
        key: "k-busy",
        commandType: "run.create",
        now: T0,
        reclaimAfterMs: 60_000,
      });
      expect(await create(newRun({ workflowId: "again" }), keyed("k-busy"))).toBeNull();
      const runs = await persistence.listRuns({});
      expect(runs.map((run) => run.id)).toEqual([first?.id]);
      // The same key for another command type is independent.
      expect(await create(newRun(), keyed("k-done", "other.command"))).not.toBeNull();
    });

    it("rejects values JSON cannot represent before writing anything", async () => {
      const { persistence } = ctx();
      const create = fastPath(persistence);
      await expectErrorCode(
        create(newRun({ input: { n: 10n } as unknown as Record<string, unknown> }), keyed("k-bad")),
        "NOT_JSON_SERIALIZABLE",
      );
      expect(await persistence.listRuns({})).toEqual([]);
      // The key was not taken by the rejected call.
      expect(await create(newRun(), keyed("k-bad"))).not.toBeNull();
    });

    it("joins an enclosing transaction and rolls back with it", async () => {
      const { persistence } = ctx();
      await expect(
        persistence.withTransaction(async (tx) => {
          await fastPath(tx)(newRun(), keyed("k-tx"));
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      expect(await persistence.listRuns({})).toEqual([]);
      expect(await fastPath(persistence)(newRun(), keyed("k-tx"))).not.toBeNull();
    });
  });
}
