import type { OutboxRecord } from "@stageflow/kernel";
import { afterEach, describe, expect, it } from "vitest";
import { createKyselyJobTransport, createKyselyPersistence } from "../src/index";
import { at, newEvent, newRun } from "./helpers/fixtures";
import { createPostgresTestSchema, type PostgresTestSchema } from "./helpers/postgres-test-schema";
import { exactlyOnce, seedJobs, seedRuns } from "./helpers/seed";

/** Several database objects, each with its own pool: truly concurrent connections. */
describe("postgres concurrency over several connections", { timeout: 120_000 }, () => {
  let schema: PostgresTestSchema | undefined;
  afterEach(async () => {
    await schema?.teardown();
    schema = undefined;
  });

  it("4 concurrent claimers over 500 PENDING runs claim each exactly once", async () => {
    schema = await createPostgresTestSchema();
    const ids = await seedRuns(createKyselyPersistence(schema.db), 500);
    const claimers = Array.from({ length: 4 }, () =>
      createKyselyPersistence(schema!.openAnother({ max: 2 })),
    );
    const claimed = await Promise.all(
      claimers.map(async (persistence, index) => {
        const mine: string[] = [];
        for (;;) {
          const runs = await persistence.withTransaction((tx) =>
            tx.claimPendingRuns({ workerId: `w${index}`, limit: 7, now: at(10_000) }),
          );
          if (runs.length === 0) return mine;
          for (const run of runs) expect(run.claimedBy).toBe(`w${index}`);
          mine.push(...runs.map((run) => run.id));
        }
      }),
    );
    expect(exactlyOnce(claimed.flat(), ids)).toEqual({ duplicates: [], missing: [] });
    expect(claimed.flat()).toHaveLength(500);
    expect(claimed.filter((mine) => mine.length > 0).length).toBeGreaterThan(1);
  });

  it("8 concurrent dequeuers over 2,000 jobs hand each out exactly once", async () => {
    schema = await createPostgresTestSchema();
    const ids = await seedJobs(createKyselyPersistence(schema.db), 2_000);
    const workers = Array.from({ length: 8 }, () =>
      createKyselyJobTransport(schema!.openAnother({ max: 1 })),
    );
    const taken = await Promise.all(
      workers.map(async (transport, index) => {
        const mine: string[] = [];
        for (;;) {
          const jobs = await transport.dequeue({ workerId: `w${index}`, limit: 5, now: at(0) });
          if (jobs.length === 0) return mine;
          mine.push(...jobs.map((job) => job.id));
        }
      }),
    );
    expect(exactlyOnce(taken.flat(), ids)).toEqual({ duplicates: [], missing: [] });
    expect(taken.filter((mine) => mine.length > 0).length).toBeGreaterThan(1);
  });

  it("keeps every run's outbox sequence gapless under concurrent appends (single- and multi-run)", async () => {
    schema = await createPostgresTestSchema();
    const root = createKyselyPersistence(schema.db);
    const runs = await Promise.all(Array.from({ length: 5 }, () => root.createRun(newRun())));
    const writers = Array.from({ length: 6 }, () =>
      createKyselyPersistence(schema!.openAnother({ max: 2 })),
    );
    await Promise.all(
      writers.map(async (persistence, w) => {
        for (let i = 0; i < 30; i++) {
          const a = runs[(w + i) % runs.length]!.id;
          const b = runs[(w + 2 * i + 1) % runs.length]!.id;
          if (i % 3 === 0)
            await persistence.appendOutboxEvents([newEvent(a), newEvent(b), newEvent(a)]);
          else
            await persistence.withTransaction((tx) =>
              tx.appendOutboxEvents([newEvent(b), newEvent(a)]),
            );
        }
      }),
    );
    let total = 0;
    for (const run of runs) {
      const sequences = (await root.getOutboxEvents(run.id)).map((event) => event.sequence);
      total += sequences.length;
      expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, i) => i + 1));
    }
    expect(total).toBe(6 * 30 * 2 + 6 * 10);
  });

  it("two concurrent flushers never get the same event and publish each run in order", async () => {
    schema = await createPostgresTestSchema();
    const root = createKyselyPersistence(schema.db);
    const runs = await Promise.all(Array.from({ length: 20 }, () => root.createRun(newRun())));
    for (const run of runs) {
      await root.appendOutboxEvents(Array.from({ length: 25 }, () => newEvent(run.id)));
    }
    const flushers = [0, 1].map(() => createKyselyPersistence(schema!.openAnother({ max: 2 })));
    const published: OutboxRecord[][] = [[], []];
    const claimOrder: OutboxRecord[] = [];
    let claimsWhileOthersHeld = 0;
    await Promise.all(
      flushers.map(async (persistence, index) => {
        for (let idle = 0; idle < 3; ) {
          const claimed = await persistence.claimOutboxEvents({
            workerId: `f${index}`,
            limit: 13,
            now: at(0),
            leaseMs: 60_000,
          });
          if (claimed.length === 0) {
            idle += 1;
            await new Promise((resolve) => setTimeout(resolve, 5));
            continue;
          }
          idle = 0;
          if (published[1 - index]!.length > 0) claimsWhileOthersHeld += 1;
          published[index]!.push(...claimed);
          claimOrder.push(...claimed);
          await persistence.markOutboxEventsPublished(
            claimed.map((e) => e.id),
            at(1),
          );
        }
      }),
    );
    const all = published.flat();
    expect(all).toHaveLength(20 * 25);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    expect(published.every((list) => list.length > 0)).toBe(true);
    expect(claimsWhileOthersHeld).toBeGreaterThan(0);
    for (const run of runs) {
      const order = claimOrder.filter((e) => e.workflowRunId === run.id).map((e) => e.sequence);
      expect(order).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    }
  });

  it("one-statement run.create: 8 racing creators of one idempotency key make exactly one run", async () => {
    schema = await createPostgresTestSchema();
    const creators = Array.from({ length: 8 }, () =>
      createKyselyPersistence(schema!.openAnother({ max: 1 })),
    );
    for (let round = 0; round < 20; round++) {
      const key = `key-${round}`;
      const made = await Promise.all(
        creators.map((persistence) =>
          persistence.createRunWithEvent?.(newRun(), {
            firstEvent: (run) => ({
              workflowRunId: run.id,
              type: "workflow:created",
              payload: {},
              now: at(0),
            }),
            idempotency: { key, commandType: "run.create", result: (run) => ({ id: run.id }) },
          }),
        ),
      );
      const winners = made.filter((run) => run !== null && run !== undefined);
      expect(winners).toHaveLength(1);
      const replay = await creators[0]?.acquireIdempotencyKey({
        key,
        commandType: "run.create",
        now: at(1),
        reclaimAfterMs: 60_000,
      });
      expect(replay).toEqual({ status: "replay", result: { id: winners[0]?.id } });
    }
    const runs = await createKyselyPersistence(schema.db).listRuns({ limit: 1_000 });
    expect(runs).toHaveLength(20);
  });
});
