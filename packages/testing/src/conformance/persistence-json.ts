import { describe, expect, it } from "vitest";
import type { PersistenceConformanceContext } from "./conformance-context";
import {
  at,
  expectErrorCode,
  HOSTILE_STRING,
  newEvent,
  newJob,
  newLog,
  newRun,
  newStage,
  rejectionOf,
  T0,
} from "./fixtures";

const cyclic = (): Record<string, unknown> => {
  const value: Record<string, unknown> = { name: "loop" };
  value.self = value;
  return value;
};

/** JSON values: rejection of what JSON cannot hold (nothing written), faithful round trips. */
export function persistenceJsonTests(ctx: () => PersistenceConformanceContext): void {
  describe("JSON values", () => {
    it("rejects a BigInt, a cycle or a function in a new run with NotJsonSerializableError and writes nothing", async () => {
      const { persistence } = ctx();
      await expectErrorCode(
        persistence.createRun(newRun({ input: { n: 10n } })),
        "NOT_JSON_SERIALIZABLE",
      );
      await expectErrorCode(
        persistence.createRun(newRun({ config: cyclic() })),
        "NOT_JSON_SERIALIZABLE",
      );
      await expectErrorCode(
        persistence.createRun(newRun({ metadata: { fn: () => 1 } })),
        "NOT_JSON_SERIALIZABLE",
      );
      await expectErrorCode(
        persistence.createRun(newRun({ input: new Map() })),
        "NOT_JSON_SERIALIZABLE",
      );
      expect(await persistence.listRuns({})).toEqual([]);
    });

    it("rejects non-JSON values in run and stage updates and changes nothing", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const [stage] = await persistence.createStages([newStage(run.id, "a")]);
      await expectErrorCode(
        persistence.updateRun(run.id, { status: "COMPLETED", output: { big: 1n } }, at(1)),
        "NOT_JSON_SERIALIZABLE",
      );
      await expectErrorCode(
        persistence.updateStage(
          stage?.id ?? "",
          { status: "SUSPENDED", suspendedState: { f: () => 1 } },
          at(1),
        ),
        "NOT_JSON_SERIALIZABLE",
      );
      await expectErrorCode(
        persistence.updateStage(stage?.id ?? "", { metrics: { n: Number.NaN } }, at(1)),
        "NOT_JSON_SERIALIZABLE",
      );
      expect(await persistence.getRun(run.id)).toEqual(run);
      expect(await persistence.getStage(run.id, "a")).toEqual(stage);
    });

    it("rejects non-JSON job payloads, outbox payloads and log meta, writing nothing of the call", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      await expectErrorCode(
        persistence.enqueueJobs([
          newJob(run, { stageId: "ok" }),
          newJob(run, { payload: { n: 1n } }),
        ]),
        "NOT_JSON_SERIALIZABLE",
      );
      await expectErrorCode(
        persistence.appendOutboxEvents([
          newEvent(run.id),
          newEvent(run.id, "bad", { payload: cyclic() }),
        ]),
        "NOT_JSON_SERIALIZABLE",
      );
      await expectErrorCode(
        persistence.appendLogs([
          newLog(run.id, "ok"),
          newLog(run.id, "bad", { meta: { s: Symbol("x") } }),
        ]),
        "NOT_JSON_SERIALIZABLE",
      );
      expect(await persistence.getJobsByRun(run.id)).toEqual([]);
      expect(await persistence.getLogs(run.id)).toEqual([]);
      expect(await persistence.getOutboxEvents(run.id)).toEqual([]);
      const [event] = await persistence.appendOutboxEvents([newEvent(run.id)]);
      expect(event?.sequence).toBe(1);
    });

    it("round-trips nested JSON exactly (unicode, escapes, numbers, nulls, empty containers)", async () => {
      const { persistence } = ctx();
      const input = {
        text: 'naïve café — 日本語 🚀 "quotes" \\ back\\slash \n newline \t tab',
        numbers: [0, -1, 1.5, 0.1, 1e-7, 123456789012, Number.MAX_SAFE_INTEGER],
        flags: [true, false, null],
        nested: { empty: {}, list: [], deep: { deeper: { deepest: ["x"] } } },
        "key with spaces/and.dots": 1,
      };
      const run = await persistence.createRun(
        newRun({ input, config: { "stage-a": { k: [input.text] } } }),
      );
      const stored = await persistence.getRun(run.id);
      expect(stored?.input).toEqual(input);
      expect(stored?.config).toEqual({ "stage-a": { k: [input.text] } });
      const scalar = await persistence.createRun(newRun({ input: "just a string" }));
      expect((await persistence.getRun(scalar.id))?.input).toBe("just a string");
      const list = await persistence.createRun(newRun({ input: [1, 2, 3] }));
      expect((await persistence.getRun(list.id))?.input).toEqual([1, 2, 3]);
    });

    it("stores a top-level undefined JSON value as null, and a Date inside a JSON value as its ISO string", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun({ input: undefined }));
      expect((await persistence.getRun(run.id))?.input).toBeNull();
      const withDate = await persistence.createRun(newRun({ input: { when: at(1) } }));
      expect((await persistence.getRun(withDate.id))?.input).toEqual({ when: at(1).toISOString() });
    });

    it("round-trips record timestamps as Date instances with millisecond precision", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun({ now: at(1) }));
      await persistence.updateRun(run.id, { startedAt: at(2), completedAt: at(3) }, at(4));
      const stored = await persistence.getRun(run.id);
      for (const [field, expected] of [
        ["createdAt", at(1)],
        ["startedAt", at(2)],
        ["completedAt", at(3)],
        ["updatedAt", at(4)],
      ] as const) {
        expect(stored?.[field], field).toBeInstanceOf(Date);
        expect(stored?.[field]?.getTime(), field).toBe(expected.getTime());
      }
      const [stage] = await persistence.createStages([newStage(run.id, "a", { now: at(5) })]);
      await persistence.updateStage(
        stage?.id ?? "",
        { nextPollAt: at(6), maxWaitUntil: at(7) },
        at(8),
      );
      const storedStage = await persistence.getStage(run.id, "a");
      expect(storedStage?.nextPollAt).toBeInstanceOf(Date);
      expect([storedStage?.nextPollAt, storedStage?.maxWaitUntil, storedStage?.createdAt]).toEqual([
        at(6),
        at(7),
        at(5),
      ]);
      const [job] = await persistence.enqueueJobs([newJob(run, { availableAt: at(9) })]);
      const storedJob = await persistence.getJob(job?.id ?? "");
      expect(storedJob?.availableAt).toBeInstanceOf(Date);
      expect(storedJob?.availableAt).toEqual(at(9));
      const [event] = await persistence.appendOutboxEvents([
        newEvent(run.id, "x", { now: at(10) }),
      ]);
      await persistence.claimOutboxEvents({ workerId: "f", limit: 1, now: at(11), leaseMs: 1 });
      const [storedEvent] = await persistence.getOutboxEvents(run.id);
      expect(storedEvent?.claimedUntil).toBeInstanceOf(Date);
      expect([storedEvent?.createdAt, storedEvent?.claimedUntil]).toEqual([at(10), at(12)]);
      expect(event?.createdAt).toBeInstanceOf(Date);
    });

    it("stores ids and strings with quotes and SQL fragments verbatim", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(
        newRun({ workflowId: HOSTILE_STRING, input: { [HOSTILE_STRING]: HOSTILE_STRING } }),
      );
      const other = await persistence.createRun(newRun({ workflowId: "plain" }));
      expect((await persistence.getRun(run.id))?.workflowId).toBe(HOSTILE_STRING);
      expect((await persistence.getRun(run.id))?.input).toEqual({
        [HOSTILE_STRING]: HOSTILE_STRING,
      });
      expect((await persistence.listRuns({ workflowId: HOSTILE_STRING })).map((r) => r.id)).toEqual(
        [run.id],
      );
      await persistence.createStages([
        newStage(run.id, HOSTILE_STRING, { stageName: HOSTILE_STRING }),
      ]);
      expect((await persistence.getStage(run.id, HOSTILE_STRING))?.stageName).toBe(HOSTILE_STRING);
      await persistence.enqueueJobs([newJob(run, { stageId: HOSTILE_STRING })]);
      expect(await persistence.deleteJobs(run.id, [HOSTILE_STRING])).toBe(1);
      await persistence.appendLogs([newLog(run.id, HOSTILE_STRING, { stageId: HOSTILE_STRING })]);
      expect((await persistence.getLogs(run.id, { stageId: HOSTILE_STRING }))[0]?.message).toBe(
        HOSTILE_STRING,
      );
      await persistence.appendOutboxEvents([newEvent(run.id, HOSTILE_STRING)]);
      expect((await persistence.getOutboxEvents(run.id))[0]?.type).toBe(HOSTILE_STRING);
      expect(await persistence.deleteStages(run.id, [HOSTILE_STRING])).toBe(1);
      expect(await persistence.getRun(other.id)).not.toBeNull();
      expect(await persistence.listRuns({})).toHaveLength(2);
    });

    it("returns copies: mutating a returned record or an input value changes nothing stored", async () => {
      const { persistence } = ctx();
      const input = { list: [1, 2] };
      const run = await persistence.createRun(newRun({ input }));
      input.list.push(3);
      (run.input as { list: number[] }).list.push(4);
      run.createdAt.setTime(0);
      const stored = await persistence.getRun(run.id);
      expect(stored?.input).toEqual({ list: [1, 2] });
      expect(stored?.createdAt).toEqual(T0);
    });

    it("rejects non-JSON values inside a transaction without breaking it", async () => {
      const { persistence } = ctx();
      const runId = await persistence.withTransaction(async (tx) => {
        const run = await tx.createRun(newRun());
        await rejectionOf(tx.updateRun(run.id, { output: { n: 1n } }, at(1)));
        return run.id;
      });
      expect((await persistence.getRun(runId))?.output).toBeNull();
    });
  });
}
