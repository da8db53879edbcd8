import type { ScheduleRecord } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import type { PersistenceConformanceContext } from "./conformance-context";
import { at, expectErrorCode, HOSTILE_STRING, idsOf, RollbackSignal, T0 } from "./fixtures";

/** A schedule record with defaults, due at `T0`. */
export function newSchedule(id: string, overrides: Partial<ScheduleRecord> = {}): ScheduleRecord {
  return {
    id,
    workflowId: "wf",
    cron: "*/5 * * * * *",
    timezone: "Europe/Berlin",
    input: { text: HOSTILE_STRING, n: [1, 2, null] },
    config: { a: { retries: 2 } },
    overlap: "skip",
    catchupWindowMs: 60_000,
    jitterMs: 0,
    paused: false,
    pauseOnFailure: false,
    startAt: null,
    endAt: null,
    source: "api",
    nextFireAt: T0,
    dueAt: T0,
    bufferedTick: null,
    lastFiredAt: null,
    recentRuns: [],
    firedCount: 0,
    skippedCount: 0,
    missedCount: 0,
    lastError: null,
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...overrides,
  };
}

const FAR = new Date("2099-01-01T00:00:00.000Z");

/** Schedules: put/get/replace/delete, list filters, due claims (disjoint, rolled back), next due. */
export function persistenceScheduleTests(ctx: () => PersistenceConformanceContext): void {
  describe("schedules", () => {
    it("stores a schedule as given and reads it back; unknown ids read as null", async () => {
      const { persistence } = ctx();
      const record = newSchedule("s-1", {
        startAt: at(-1),
        endAt: at(86_400_000),
        bufferedTick: at(5),
        lastFiredAt: at(-5_000),
        recentRuns: [{ workflowRunId: "r-1", tick: at(-5_000).toISOString() }],
        firedCount: 3,
        skippedCount: 2,
        missedCount: 1,
        lastError: HOSTILE_STRING,
        pauseOnFailure: true,
        overlap: "bufferOne",
        jitterMs: 250,
        source: "code",
        config: null,
      });
      await persistence.putSchedule(record);
      expect(await persistence.getSchedule("s-1")).toEqual(record);
      expect(await persistence.getSchedule("s-2")).toBeNull();
    });

    it("replaces every field of an existing schedule", async () => {
      const { persistence } = ctx();
      await persistence.putSchedule(newSchedule("s-1"));
      const changed = newSchedule("s-1", {
        cron: "0 3 * * *",
        timezone: "UTC",
        input: null,
        paused: true,
        nextFireAt: null,
        dueAt: null,
        version: 2,
        updatedAt: at(10),
      });
      await persistence.putSchedule(changed);
      expect(await persistence.getSchedule("s-1")).toEqual(changed);
      expect(await persistence.listSchedules({})).toHaveLength(1);
    });

    it("deletes a schedule and says whether one existed", async () => {
      const { persistence } = ctx();
      await persistence.putSchedule(newSchedule("s-1"));
      expect(await persistence.deleteSchedule("s-1")).toBe(true);
      expect(await persistence.deleteSchedule("s-1")).toBe(false);
      expect(await persistence.getSchedule("s-1")).toBeNull();
    });

    it("lists by id with workflow, paused, source, afterId and limit filters", async () => {
      const { persistence } = ctx();
      await persistence.putSchedule(newSchedule("c", { workflowId: "other" }));
      await persistence.putSchedule(newSchedule("a", { paused: true }));
      await persistence.putSchedule(newSchedule("b", { source: "code" }));
      await persistence.putSchedule(newSchedule("d"));
      expect(idsOf(await persistence.listSchedules({}))).toEqual(["a", "b", "c", "d"]);
      expect(idsOf(await persistence.listSchedules({ workflowId: "other" }))).toEqual(["c"]);
      expect(idsOf(await persistence.listSchedules({ paused: true }))).toEqual(["a"]);
      expect(idsOf(await persistence.listSchedules({ paused: false }))).toEqual(["b", "c", "d"]);
      expect(idsOf(await persistence.listSchedules({ source: "code" }))).toEqual(["b"]);
      expect(idsOf(await persistence.listSchedules({ afterId: "b", limit: 1 }))).toEqual(["c"]);
    });

    it("claims unpaused schedules due at or before now, earliest first, up to the limit", async () => {
      const { persistence } = ctx();
      await persistence.putSchedule(newSchedule("late", { dueAt: at(300) }));
      await persistence.putSchedule(newSchedule("second", { dueAt: at(200) }));
      await persistence.putSchedule(newSchedule("first", { dueAt: at(100) }));
      await persistence.putSchedule(newSchedule("paused", { dueAt: at(0), paused: true }));
      await persistence.putSchedule(newSchedule("never", { dueAt: null, nextFireAt: null }));
      const claim = (now: Date, limit: number) =>
        persistence.withTransaction((tx) => tx.claimDueSchedules({ now, limit }));
      expect(idsOf(await claim(at(250), 10))).toEqual(["first", "second"]);
      expect(idsOf(await claim(at(300), 1))).toEqual(["first"]);
      expect(await claim(at(99), 10)).toEqual([]);
      const [claimed] = await claim(at(100), 1);
      expect(claimed).toEqual(newSchedule("first", { dueAt: at(100) }));
    });

    it("never gives the same schedule to two concurrent claimers", async () => {
      const { persistence } = ctx();
      for (let i = 0; i < 6; i++)
        await persistence.putSchedule(newSchedule(`s-${i}`, { dueAt: at(i) }));
      const answers = await Promise.all(
        [1, 2, 3, 4].map(() =>
          persistence.withTransaction(async (tx) => {
            const claimed = await tx.claimDueSchedules({ now: at(100), limit: 2 });
            for (const schedule of claimed) await tx.putSchedule({ ...schedule, dueAt: FAR });
            return claimed;
          }),
        ),
      );
      const claimed = idsOf(answers.flat());
      expect(new Set(claimed).size).toBe(claimed.length);
      expect([...claimed].sort()).toEqual(["s-0", "s-1", "s-2", "s-3", "s-4", "s-5"]);
    });

    it("rolls a claim and its writes back with their transaction", async () => {
      const { persistence } = ctx();
      const record = newSchedule("s-1");
      await persistence.putSchedule(record);
      await persistence
        .withTransaction(async (tx) => {
          const [claimed] = await tx.claimDueSchedules({ now: at(1), limit: 1 });
          if (claimed) await tx.putSchedule({ ...claimed, dueAt: FAR, version: 9 });
          await tx.putSchedule(newSchedule("s-2"));
          throw new RollbackSignal();
        })
        .catch(() => undefined);
      expect(await persistence.getSchedule("s-1")).toEqual(record);
      expect(await persistence.getSchedule("s-2")).toBeNull();
    });

    it("reports the earliest due time of an unpaused schedule", async () => {
      const { persistence } = ctx();
      expect(await persistence.nextScheduleDueAt()).toBeNull();
      await persistence.putSchedule(newSchedule("paused", { dueAt: at(1), paused: true }));
      await persistence.putSchedule(newSchedule("never", { dueAt: null, nextFireAt: null }));
      expect(await persistence.nextScheduleDueAt()).toBeNull();
      await persistence.putSchedule(newSchedule("b", { dueAt: at(500) }));
      await persistence.putSchedule(newSchedule("a", { dueAt: at(50) }));
      expect(await persistence.nextScheduleDueAt()).toEqual(at(50));
    });

    it("refuses an input that JSON cannot represent and writes nothing", async () => {
      const { persistence } = ctx();
      await expectErrorCode(
        persistence.putSchedule(newSchedule("s-1", { input: { n: 10n } })),
        "NOT_JSON_SERIALIZABLE",
      );
      expect(await persistence.getSchedule("s-1")).toBeNull();
    });
  });
}
