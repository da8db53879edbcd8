import { describe, expect, it } from "vitest";
import type { PersistenceConformanceContext } from "./conformance-context";
import { at, newLog, newRun } from "./fixtures";

/** Logs: append and read back in insertion order, filtered by stage, limited. */
export function persistenceLogTests(ctx: () => PersistenceConformanceContext): void {
  describe("logs", () => {
    it("stores every field and reads lines back in insertion order (even with equal createdAt)", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const [stage] = await persistence.createStages([
        { workflowRunId: run.id, stageId: "a", stageName: "A", groupIndex: 1, now: at(0) },
      ]);
      const first = newLog(run.id, "zzz first", {
        stageId: "a",
        stageRecordId: stage?.id ?? null,
        level: "WARN",
        meta: { attempt: 1, tags: ["x"] },
        createdAt: at(1),
      });
      await persistence.appendLogs([first, newLog(run.id, "aaa second", { createdAt: at(1) })]);
      await persistence.appendLogs([
        newLog(run.id, "mmm third", { level: "ERROR", createdAt: at(1) }),
      ]);
      const lines = await persistence.getLogs(run.id);
      expect(lines.map((l) => l.message)).toEqual(["zzz first", "aaa second", "mmm third"]);
      expect(lines[0]).toEqual({ ...first, id: expect.any(String) });
      expect(new Set(lines.map((l) => l.id)).size).toBe(3);
    });

    it("filters by stage, honours the limit (first lines), and never mixes runs", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const other = await persistence.createRun(newRun());
      await persistence.appendLogs([
        newLog(run.id, "1", { stageId: "a" }),
        newLog(run.id, "2", { stageId: "b" }),
        newLog(other.id, "x", { stageId: "a" }),
        newLog(run.id, "3", { stageId: "a" }),
        newLog(run.id, "4"),
      ]);
      expect((await persistence.getLogs(run.id, { stageId: "a" })).map((l) => l.message)).toEqual([
        "1",
        "3",
      ]);
      expect((await persistence.getLogs(run.id, { limit: 2 })).map((l) => l.message)).toEqual([
        "1",
        "2",
      ]);
      expect(
        (await persistence.getLogs(run.id, { stageId: "a", limit: 1 })).map((l) => l.message),
      ).toEqual(["1"]);
      expect((await persistence.getLogs(other.id)).map((l) => l.message)).toEqual(["x"]);
      await persistence.appendLogs([]);
      expect(await persistence.getLogs(run.id)).toHaveLength(4);
    });
  });
}
