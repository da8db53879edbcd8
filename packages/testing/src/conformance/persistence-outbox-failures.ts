import type { Persistence } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import type { PersistenceConformanceContext } from "./conformance-context";
import { at, idsOf } from "./fixtures";
import { runWithEvents } from "./persistence-outbox";

const claim = (persistence: Persistence, workerId: string, now = at(0)) =>
  persistence.claimOutboxEvents({ workerId, limit: 100, now, leaseMs: 10_000 });

/** Outbox failures: retry counting, the dead-letter queue and its replay. */
export function persistenceOutboxFailureTests(ctx: () => PersistenceConformanceContext): void {
  describe("outbox failures and dead letters", () => {
    it("counts a failure, keeps the event PENDING and first in line, and clears its claim", async () => {
      const { persistence } = ctx();
      const { runId, events } = await runWithEvents(persistence, 2);
      const [first] = await claim(persistence, "f1");
      const result = await persistence.recordOutboxFailure(first?.id ?? "", {
        error: "sink down",
        maxRetries: 3,
        retryAt: at(0),
      });
      expect(result).toEqual({ retryCount: 1, deadLettered: false });
      const [stored] = await persistence.getOutboxEvents(runId);
      expect(stored).toMatchObject({
        status: "PENDING",
        retryCount: 1,
        lastError: "sink down",
        claimedBy: null,
        claimedUntil: null,
      });
      await persistence.releaseOutboxClaims([events[1]?.id ?? ""]);
      expect(idsOf(await claim(persistence, "f2", at(1)))).toEqual(idsOf(events));
    });

    it("moves an event to the DLQ when retryCount reaches maxRetries", async () => {
      const { persistence } = ctx();
      const { runId, events } = await runWithEvents(persistence, 1);
      const id = events[0]?.id ?? "";
      expect(
        await persistence.recordOutboxFailure(id, { error: "e1", maxRetries: 3, retryAt: at(0) }),
      ).toEqual({
        retryCount: 1,
        deadLettered: false,
      });
      expect(
        await persistence.recordOutboxFailure(id, { error: "e2", maxRetries: 3, retryAt: at(0) }),
      ).toEqual({
        retryCount: 2,
        deadLettered: false,
      });
      expect(
        await persistence.recordOutboxFailure(id, { error: "e3", maxRetries: 3, retryAt: at(0) }),
      ).toEqual({
        retryCount: 3,
        deadLettered: true,
      });
      expect((await persistence.getOutboxEvents(runId))[0]).toMatchObject({
        status: "DLQ",
        retryCount: 3,
        lastError: "e3",
      });
      expect(await claim(persistence, "f1", at(100_000))).toEqual([]);
    });

    it("does not let a dead-lettered event block the later events of its run", async () => {
      const { persistence } = ctx();
      const { events } = await runWithEvents(persistence, 3);
      await persistence.recordOutboxFailure(events[0]?.id ?? "", {
        error: "poison",
        maxRetries: 1,
        retryAt: at(0),
      });
      expect(idsOf(await claim(persistence, "f1"))).toEqual([events[1]?.id, events[2]?.id]);
    });

    it("lists dead letters oldest first, up to the limit", async () => {
      const { persistence } = ctx();
      const late = await runWithEvents(persistence, 1, at(20));
      const early = await runWithEvents(persistence, 2, at(10));
      for (const event of [...late.events, ...early.events]) {
        await persistence.recordOutboxFailure(event.id, {
          error: "x",
          maxRetries: 1,
          retryAt: at(0),
        });
      }
      const letters = await persistence.listDeadLetters(10);
      expect(letters.map((e) => e.createdAt)).toEqual([at(10), at(10), at(20)]);
      expect(letters.every((e) => e.status === "DLQ")).toBe(true);
      expect(idsOf(letters).slice(2)).toEqual(idsOf(late.events));
      expect(await persistence.listDeadLetters(1)).toHaveLength(1);
    });

    it("replays up to maxEvents dead letters (oldest first) as PENDING with retryCount 0", async () => {
      const { persistence } = ctx();
      const a = await runWithEvents(persistence, 1, at(1));
      const b = await runWithEvents(persistence, 1, at(2));
      for (const event of [...a.events, ...b.events]) {
        await persistence.recordOutboxFailure(event.id, {
          error: "x",
          maxRetries: 1,
          retryAt: at(0),
        });
      }
      expect(await persistence.replayDeadLetters(1)).toBe(1);
      expect((await persistence.getOutboxEvents(a.runId))[0]).toMatchObject({
        status: "PENDING",
        retryCount: 0,
      });
      expect((await persistence.getOutboxEvents(b.runId))[0]?.status).toBe("DLQ");
      expect(idsOf(await claim(persistence, "f1"))).toEqual(idsOf(a.events));
      expect(await persistence.replayDeadLetters(10)).toBe(1);
      expect(await persistence.replayDeadLetters(10)).toBe(0);
      expect(await persistence.listDeadLetters(10)).toEqual([]);
    });

    it("replays only the dead letters among the given event ids, ignoring unknown ones", async () => {
      const { persistence } = ctx();
      const a = await runWithEvents(persistence, 2, at(1));
      const b = await runWithEvents(persistence, 1, at(2));
      const pending = await runWithEvents(persistence, 1, at(3));
      for (const event of [...a.events, ...b.events]) {
        await persistence.recordOutboxFailure(event.id, {
          error: "x",
          maxRetries: 1,
          retryAt: at(0),
        });
      }
      const [a1, a2] = idsOf(a.events);
      const [b1] = idsOf(b.events);
      const [p1] = idsOf(pending.events);
      // A PENDING event and an unknown id are ignored; maxEvents still caps.
      expect(
        await persistence.replayDeadLetters(10, {
          eventIds: [b1 as string, p1 as string, "no-such-event"],
        }),
      ).toBe(1);
      expect((await persistence.getOutboxEvents(b.runId))[0]).toMatchObject({
        status: "PENDING",
        retryCount: 0,
        nextAttemptAt: null,
      });
      expect((await persistence.getOutboxEvents(pending.runId))[0]?.status).toBe("PENDING");
      expect(idsOf(await persistence.listDeadLetters(10)).sort()).toEqual([a1, a2].sort());
      expect(
        await persistence.replayDeadLetters(1, { eventIds: [a2 as string, a1 as string] }),
      ).toBe(1);
      expect(idsOf(await persistence.listDeadLetters(10)).length).toBe(1);
      expect(await persistence.replayDeadLetters(10, { eventIds: ["no-such-event"] })).toBe(0);
      expect(await persistence.replayDeadLetters(10, { eventIds: [] })).toBe(0);
      expect(await persistence.listDeadLetters(10)).toHaveLength(1);
    });
  });
}
