import type { Persistence } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import type { PersistenceConformanceContext } from "./conformance-context";
import { at, idsOf } from "./fixtures";
import { runWithEvents } from "./persistence-outbox";

const claim = (persistence: Persistence, workerId: string, now: Date, leaseMs = 10_000) =>
  persistence.claimOutboxEvents({ workerId, limit: 100, now, leaseMs });

/** Outbox retries: the due time of a failed publish, and the next-due-time query of hosts. */
export function persistenceOutboxRetryTests(ctx: () => PersistenceConformanceContext): void {
  describe("outbox retry due times", () => {
    it("stores the retry's due time; the run waits until then while other runs go out", async () => {
      const { persistence } = ctx();
      const failing = await runWithEvents(persistence, 2, at(0));
      const other = await runWithEvents(persistence, 1, at(1));
      const [head] = await claim(persistence, "f1", at(0));
      await persistence.recordOutboxFailure(head?.id ?? "", {
        error: "sink down",
        maxRetries: 3,
        retryAt: at(1_000),
      });
      expect((await persistence.getOutboxEvents(failing.runId))[0]).toMatchObject({
        status: "PENDING",
        retryCount: 1,
        nextAttemptAt: at(1_000),
        claimedBy: null,
      });
      await persistence.releaseOutboxClaims([...idsOf(failing.events), ...idsOf(other.events)]);
      expect(idsOf(await claim(persistence, "f2", at(999)))).toEqual(idsOf(other.events));
      expect(idsOf(await claim(persistence, "f3", at(1_000)))).toEqual(idsOf(failing.events));
    });

    it("clears the due time when the event is dead-lettered and when it is replayed", async () => {
      const { persistence } = ctx();
      const { runId, events } = await runWithEvents(persistence, 1);
      const id = events[0]?.id ?? "";
      await persistence.recordOutboxFailure(id, { error: "e1", maxRetries: 2, retryAt: at(500) });
      await persistence.recordOutboxFailure(id, { error: "e2", maxRetries: 2, retryAt: at(900) });
      expect((await persistence.getOutboxEvents(runId))[0]).toMatchObject({
        status: "DLQ",
        nextAttemptAt: null,
      });
      expect(await persistence.nextOutboxDueAt(at(0))).toBeNull();
      await persistence.replayDeadLetters(10);
      expect((await persistence.getOutboxEvents(runId))[0]).toMatchObject({
        status: "PENDING",
        retryCount: 0,
        nextAttemptAt: null,
      });
      expect(idsOf(await claim(persistence, "f1", at(0)))).toEqual([id]);
    });

    it("nextOutboxDueAt: the earliest retry due time or claim expiry after now, else null", async () => {
      const { persistence } = ctx();
      expect(await persistence.nextOutboxDueAt(at(0))).toBeNull();
      const retried = await runWithEvents(persistence, 1, at(0));
      const claimed = await runWithEvents(persistence, 1, at(1));
      const published = await runWithEvents(persistence, 1, at(2));
      await persistence.recordOutboxFailure(retried.events[0]?.id ?? "", {
        error: "x",
        maxRetries: 3,
        retryAt: at(7_000),
      });
      expect(await persistence.nextOutboxDueAt(at(0))).toEqual(at(7_000));
      const taken = await claim(persistence, "f1", at(0), 3_000);
      expect(idsOf(taken)).toEqual([...idsOf(claimed.events), ...idsOf(published.events)]);
      await persistence.markOutboxEventsPublished(idsOf(published.events), at(10));
      expect(await persistence.nextOutboxDueAt(at(0))).toEqual(at(3_000));
      expect(await persistence.nextOutboxDueAt(at(3_000))).toEqual(at(7_000));
      expect(await persistence.nextOutboxDueAt(at(7_000))).toBeNull();
    });
  });
}
