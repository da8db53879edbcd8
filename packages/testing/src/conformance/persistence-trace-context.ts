import type { NewOutboxEvent, RunRecord } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import type { PersistenceConformanceContext } from "./conformance-context";
import { at, newRun, newStage } from "./fixtures";

const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const TRACESTATE = "vendor=opaque,other=it's";
const SUBMIT = "00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01";

const firstEvent = (run: RunRecord): NewOutboxEvent => ({
  workflowRunId: run.id,
  type: "workflow:created",
  payload: { workflowRunId: run.id },
  now: run.createdAt,
});

/**
 * Trace context (migration `0006_trace_context` on SQL adapters): a run keeps the `traceparent`
 * and `tracestate` it was created with through every read and update, and a stage keeps the
 * `traceparent` of the attempt that suspended it.
 */
export function persistenceTraceContextTests(ctx: () => PersistenceConformanceContext): void {
  describe("trace context", () => {
    it("stores a run's traceparent and tracestate and returns them from every read", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(
        newRun({ traceparent: TRACEPARENT, tracestate: TRACESTATE }),
      );
      expect(run).toMatchObject({ traceparent: TRACEPARENT, tracestate: TRACESTATE });
      expect(await persistence.getRun(run.id)).toEqual(run);
      const updated = await persistence.updateRun(run.id, { totalCost: 1 }, at(1));
      expect(updated).toMatchObject({ traceparent: TRACEPARENT, tracestate: TRACESTATE });
      expect(await persistence.listRuns({ workflowId: run.workflowId })).toEqual([updated]);
      const claimed = await persistence.withTransaction((tx) =>
        tx.claimPendingRuns({ workerId: "w", limit: 1, now: at(2) }),
      );
      expect(claimed.map((r) => [r.traceparent, r.tracestate])).toEqual([
        [TRACEPARENT, TRACESTATE],
      ]);
    });

    it("stores null for a run created without trace context", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun({ traceparent: TRACEPARENT }));
      expect(run).toMatchObject({ traceparent: TRACEPARENT, tracestate: null });
      const plain = await persistence.createRun(newRun());
      expect(await persistence.getRun(plain.id)).toMatchObject({
        traceparent: null,
        tracestate: null,
      });
    });

    it("stores the trace context through createRunWithEvent where the adapter has it", async () => {
      const { persistence } = ctx();
      if (persistence.createRunWithEvent === undefined) return;
      const run = await persistence.createRunWithEvent(
        newRun({ traceparent: TRACEPARENT, tracestate: TRACESTATE }),
        { firstEvent },
      );
      expect(run).toMatchObject({ traceparent: TRACEPARENT, tracestate: TRACESTATE });
      expect(await persistence.getRun(run?.id ?? "")).toMatchObject({
        traceparent: TRACEPARENT,
        tracestate: TRACESTATE,
      });
    });

    it("sets and clears a stage's traceparent", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const [stage] = await persistence.createStages([newStage(run.id, "a")]);
      if (stage === undefined) throw new Error("no stage");
      expect(stage.traceparent).toBeNull();
      const suspended = await persistence.updateStage(
        stage.id,
        { status: "SUSPENDED", traceparent: SUBMIT },
        at(1),
      );
      expect(suspended.traceparent).toBe(SUBMIT);
      expect(await persistence.getStage(run.id, "a")).toEqual(suspended);
      const kept = await persistence.updateStage(stage.id, { cost: 1 }, at(2));
      expect(kept.traceparent).toBe(SUBMIT);
      const cleared = await persistence.updateStage(stage.id, { traceparent: null }, at(3));
      expect((await persistence.getStagesByRun(run.id)).map((s) => s.traceparent)).toEqual([null]);
      expect(cleared.traceparent).toBeNull();
    });
  });
}
