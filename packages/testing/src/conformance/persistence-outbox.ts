import type { OutboxRecord, Persistence } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import type { PersistenceConformanceContext } from "./conformance-context";
import { at, idsOf, newEvent, newRun, T0 } from "./fixtures";

/** Creates a run with `count` outbox events; returns the run id and the events. */
export async function runWithEvents(
  persistence: Persistence,
  count: number,
  now = T0,
): Promise<{ runId: string; events: OutboxRecord[] }> {
  const run = await persistence.createRun(newRun({ now }));
  const events = await persistence.appendOutboxEvents(
    Array.from({ length: count }, (_, i) => newEvent(run.id, `event-${i + 1}`, { now })),
  );
  return { runId: run.id, events };
}

const claim = (
  persistence: Persistence,
  workerId: string,
  limit: number,
  now = at(0),
  leaseMs = 10_000,
) => persistence.claimOutboxEvents({ workerId, limit, now, leaseMs });

/** Per-run sequence numbers of `events`. */
function sequencesByRun(events: readonly OutboxRecord[]): Map<string, number[]> {
  const byRun = new Map<string, number[]>();
  for (const event of events)
    byRun.set(event.workflowRunId, [...(byRun.get(event.workflowRunId) ?? []), event.sequence]);
  return byRun;
}

/** Outbox: gapless sequences, claims with the per-run prefix rule, leases, publishing. */
export function persistenceOutboxTests(ctx: () => PersistenceConformanceContext): void {
  describe("outbox sequences", () => {
    it("appends PENDING events with gapless per-run sequences from 1, returned in input order", async () => {
      const { persistence } = ctx();
      const r1 = await persistence.createRun(newRun());
      const r2 = await persistence.createRun(newRun());
      const first = await persistence.appendOutboxEvents([
        newEvent(r1.id, "workflow:created"),
        newEvent(r2.id, "workflow:created"),
        newEvent(r1.id, "workflow:started"),
      ]);
      expect(first.map((e) => [e.workflowRunId, e.sequence, e.type])).toEqual([
        [r1.id, 1, "workflow:created"],
        [r2.id, 1, "workflow:created"],
        [r1.id, 2, "workflow:started"],
      ]);
      expect(first[0]).toEqual({
        id: expect.any(String),
        workflowRunId: r1.id,
        sequence: 1,
        type: "workflow:created",
        payload: { type: "workflow:created", workflowRunId: r1.id },
        status: "PENDING",
        retryCount: 0,
        lastError: null,
        nextAttemptAt: null,
        claimedBy: null,
        claimedUntil: null,
        createdAt: T0,
        publishedAt: null,
      } satisfies Record<keyof OutboxRecord, unknown>);
      const [next] = await persistence.appendOutboxEvents([newEvent(r1.id)]);
      expect(next?.sequence).toBe(3);
      expect((await persistence.getOutboxEvents(r1.id)).map((e) => e.sequence)).toEqual([1, 2, 3]);
      expect(await persistence.appendOutboxEvents([])).toEqual([]);
    });

    it("keeps sequences gapless and unique under concurrent appends for one run", async () => {
      const { persistence } = ctx();
      const run = await persistence.createRun(newRun());
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          i % 2 === 0
            ? persistence.appendOutboxEvents([newEvent(run.id), newEvent(run.id)])
            : persistence.withTransaction((tx) =>
                tx.appendOutboxEvents([newEvent(run.id), newEvent(run.id)]),
              ),
        ),
      );
      for (const [a, b] of answers) expect((b?.sequence ?? 0) - (a?.sequence ?? 0)).toBe(1);
      const stored = (await persistence.getOutboxEvents(run.id)).map((e) => e.sequence);
      expect(stored).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    });
  });

  describe("outbox claims", () => {
    it("claims PENDING events grouped by run in sequence order, up to the limit, until now + leaseMs", async () => {
      const { persistence } = ctx();
      const a = await runWithEvents(persistence, 3);
      const b = await runWithEvents(persistence, 2);
      const claimed = await claim(persistence, "f1", 10, at(100), 5_000);
      expect(claimed).toHaveLength(5);
      for (const event of claimed)
        expect(event).toMatchObject({
          claimedBy: "f1",
          claimedUntil: at(5_100),
          status: "PENDING",
        });
      expect(sequencesByRun(claimed)).toEqual(
        new Map([
          [a.runId, [1, 2, 3]],
          [b.runId, [1, 2]],
        ]),
      );
      const runOrder = claimed.map((e) => e.workflowRunId);
      expect(runOrder.filter((id, i) => id !== runOrder[i - 1])).toHaveLength(2);
      const stored = await persistence.getOutboxEvents(a.runId);
      expect(stored.every((e) => e.claimedBy === "f1")).toBe(true);
    });

    it("takes only a prefix of a run's events when the limit cuts it", async () => {
      const { persistence } = ctx();
      const { runId } = await runWithEvents(persistence, 4);
      const first = await claim(persistence, "f1", 2);
      expect(first.map((e) => e.sequence)).toEqual([1, 2]);
      expect(first.every((e) => e.workflowRunId === runId)).toBe(true);
    });

    it("skips a run whose lowest PENDING event another flusher holds, but serves other runs", async () => {
      const { persistence } = ctx();
      const held = await runWithEvents(persistence, 3, at(0));
      const free = await runWithEvents(persistence, 1, at(1));
      const first = await claim(persistence, "f1", 1);
      expect(idsOf(first)).toEqual([held.events[0]?.id]);
      const second = await claim(persistence, "f2", 10);
      expect(idsOf(second)).toEqual([free.events[0]?.id]);
      const third = await claim(persistence, "f1", 10);
      expect(third).toEqual([]);
    });

    it("makes events claimable again when their claim expires or is released", async () => {
      const { persistence } = ctx();
      const { events } = await runWithEvents(persistence, 2);
      await claim(persistence, "f1", 10, at(0), 1_000);
      expect(await claim(persistence, "f2", 10, at(999), 1_000)).toEqual([]);
      const expired = await claim(persistence, "f2", 10, at(1_000), 1_000);
      expect(idsOf(expired)).toEqual(idsOf(events));
      expect(expired.every((e) => e.claimedBy === "f2")).toBe(true);
      await persistence.releaseOutboxClaims(idsOf(expired));
      const stored = await persistence.getOutboxEvents(events[0]?.workflowRunId ?? "");
      expect(stored.map((e) => [e.claimedBy, e.claimedUntil])).toEqual([
        [null, null],
        [null, null],
      ]);
      expect(idsOf(await claim(persistence, "f3", 10, at(1_001), 1_000))).toEqual(idsOf(events));
    });

    it("publishes: PUBLISHED with publishedAt, claim cleared, never claimed again; later events follow", async () => {
      const { persistence } = ctx();
      const { runId, events } = await runWithEvents(persistence, 3);
      const first = await claim(persistence, "f1", 2);
      await persistence.markOutboxEventsPublished(idsOf(first), at(50));
      const stored = await persistence.getOutboxEvents(runId);
      expect(
        stored.slice(0, 2).map((e) => [e.status, e.publishedAt, e.claimedBy, e.claimedUntil]),
      ).toEqual([
        ["PUBLISHED", at(50), null, null],
        ["PUBLISHED", at(50), null, null],
      ]);
      expect(idsOf(await claim(persistence, "f2", 10, at(60)))).toEqual([events[2]?.id]);
    });

    it("never gives one event to two concurrent flushers, and never splits a run between them", async () => {
      const { persistence } = ctx();
      const runs = [
        await runWithEvents(persistence, 4, at(0)),
        await runWithEvents(persistence, 4, at(1)),
        await runWithEvents(persistence, 4, at(2)),
      ];
      const answers = await Promise.all(
        ["f1", "f2", "f3", "f4"].map((workerId) =>
          persistence.withTransaction((tx) =>
            tx.claimOutboxEvents({ workerId, limit: 3, now: at(10), leaseMs: 60_000 }),
          ),
        ),
      );
      const all = answers.flat();
      expect(new Set(idsOf(all)).size).toBe(all.length);
      const holders = new Map<string, Set<number>>();
      answers.forEach((answer, claimer) => {
        for (const [runId, sequences] of sequencesByRun(answer)) {
          holders.set(runId, new Set([...(holders.get(runId) ?? []), claimer]));
          expect(sequences, "a claimer's share of a run is contiguous").toEqual(
            Array.from({ length: sequences.length }, (_, i) => (sequences[0] ?? 0) + i),
          );
        }
      });
      for (const claimers of holders.values()) expect(claimers.size).toBe(1);
      for (const { runId } of runs) {
        const claimed = all
          .filter((e) => e.workflowRunId === runId)
          .map((e) => e.sequence)
          .sort((x, y) => x - y);
        expect(claimed, "the claimed events of a run are its lowest sequences").toEqual(
          Array.from({ length: claimed.length }, (_, i) => i + 1),
        );
      }
    });
  });
}
