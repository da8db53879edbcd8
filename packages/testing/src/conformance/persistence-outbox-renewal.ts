import type { Persistence } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import type { PersistenceConformanceContext } from "./conformance-context";
import { at, idsOf } from "./fixtures";
import { runWithEvents } from "./persistence-outbox";

const claim = (persistence: Persistence, workerId: string, now: Date, leaseMs = 1_000) =>
  persistence.claimOutboxEvents({ workerId, limit: 100, now, leaseMs });

/** Outbox claim renewal and fenced release: a flusher keeps, and learns it lost, its claims. */
export function persistenceOutboxRenewalTests(ctx: () => PersistenceConformanceContext): void {
  describe("outbox claim renewal", () => {
    it("renews the claims the flusher holds, so no other flusher takes them past the first lease", async () => {
      const { persistence } = ctx();
      const { runId, events } = await runWithEvents(persistence, 3);
      await claim(persistence, "f1", at(0));
      const renewed = await persistence.renewOutboxClaims({
        workerId: "f1",
        ids: idsOf(events),
        now: at(900),
        leaseMs: 1_000,
      });
      expect(renewed.sort()).toEqual(idsOf(events).sort());
      expect(await claim(persistence, "f2", at(1_500))).toEqual([]);
      const stored = await persistence.getOutboxEvents(runId);
      expect(stored.map((e) => [e.claimedBy, e.claimedUntil])).toEqual(
        events.map(() => ["f1", at(1_900)]),
      );
      expect(idsOf(await claim(persistence, "f2", at(1_900)))).toEqual(idsOf(events));
    });

    it("does not renew a claim that expired, went to another flusher or was published", async () => {
      const { persistence } = ctx();
      const held = await runWithEvents(persistence, 1, at(0));
      const stolen = await runWithEvents(persistence, 1, at(1));
      const done = await runWithEvents(persistence, 1, at(2));
      const kept = await runWithEvents(persistence, 1, at(3));
      await claim(persistence, "f1", at(0));
      await persistence.markOutboxEventsPublished(idsOf(done.events), at(10));
      // f2 takes the stolen run's event; f1 renews what it holds, then lets everything lapse.
      await persistence.releaseOutboxClaims(idsOf(stolen.events));
      await claim(persistence, "f2", at(20));
      const ids = idsOf([...held.events, ...stolen.events, ...done.events, ...kept.events]);
      const renewed = await persistence.renewOutboxClaims({
        workerId: "f1",
        ids: [...ids, ...ids],
        now: at(999),
        leaseMs: 1_000,
      });
      expect(renewed.sort()).toEqual(idsOf([...held.events, ...kept.events]).sort());
      expect(
        await persistence.renewOutboxClaims({
          workerId: "f1",
          ids,
          now: at(2_000),
          leaseMs: 1_000,
        }),
      ).toEqual([]);
      expect(
        await persistence.renewOutboxClaims({ workerId: "f1", ids: [], now: at(0), leaseMs: 1 }),
      ).toEqual([]);
      expect((await persistence.getOutboxEvents(stolen.runId))[0]?.claimedBy).toBe("f2");
    });

    it("a release with workerId clears only that flusher's claims", async () => {
      const { persistence } = ctx();
      const mine = await runWithEvents(persistence, 1, at(0));
      await claim(persistence, "f1", at(0));
      const theirs = await runWithEvents(persistence, 1, at(1));
      await claim(persistence, "f2", at(0));
      await persistence.releaseOutboxClaims(idsOf([...mine.events, ...theirs.events]), {
        workerId: "f1",
      });
      expect((await persistence.getOutboxEvents(mine.runId))[0]?.claimedBy).toBeNull();
      expect((await persistence.getOutboxEvents(theirs.runId))[0]?.claimedBy).toBe("f2");
    });
  });
}
