import { afterEach, describe, expect, it } from "vitest";
import {
  createKyselyJobTransport,
  createKyselyPersistence,
  type WakeupChannel,
} from "../src/index";
import { newEvent, newJob, newRun } from "./helpers/fixtures";
import { TARGET_NAMES, TARGETS, type TestTarget } from "./helpers/targets";
import { callCounter, settle } from "./helpers/waiters";

const rollback = new Error("rollback");

for (const name of TARGET_NAMES) {
  describe(`wake-ups: ${name}`, () => {
    let target: TestTarget | undefined;
    afterEach(async () => {
      await target?.teardown();
      target = undefined;
    });

    const writers: Record<
      WakeupChannel,
      (p: ReturnType<typeof createKyselyPersistence>, runId: string) => Promise<unknown>
    > = {
      jobs: (p, runId) => p.enqueueJobs([newJob(runId)]),
      runs: (p) => p.createRun(newRun()),
      outbox: (p, runId) => p.appendOutboxEvents([newEvent(runId)]),
    };

    for (const channel of ["jobs", "runs", "outbox"] as const) {
      it(`calls a "${channel}" listener after the commit, never before it nor for a rollback`, async () => {
        target = await TARGETS[name]();
        const persistence = createKyselyPersistence(target.db);
        const transport = createKyselyJobTransport(target.db);
        const run = await persistence.createRun(newRun());
        const calls = callCounter();
        const unsubscribe = await transport.subscribe(calls.listener, { channel });
        await expect(
          persistence.withTransaction(async (tx) => {
            await writers[channel](tx, run.id);
            throw rollback;
          }),
        ).rejects.toBe(rollback);
        await settle();
        expect(calls.count, "woken by a rolled-back transaction").toBe(0);
        let countAtCommit = -1;
        await persistence.withTransaction(async (tx) => {
          await writers[channel](tx, run.id);
          await settle(50);
          countAtCommit = calls.count;
        });
        expect(countAtCommit, "woken before the commit").toBe(0);
        await calls.atLeast(1, `a "${channel}" wake-up`);
        await unsubscribe();
        await settle();
        const seen = calls.count;
        await writers[channel](persistence, run.id);
        await settle();
        expect(calls.count, "called after unsubscribe").toBe(seen);
      });
    }

    it("does not wake a listener of another channel", async () => {
      target = await TARGETS[name]();
      const persistence = createKyselyPersistence(target.db);
      const transport = createKyselyJobTransport(target.db);
      const jobs = callCounter();
      const outbox = callCounter();
      await transport.subscribe(jobs.listener);
      await transport.subscribe(outbox.listener, { channel: "outbox" });
      await persistence.createRun(newRun());
      await settle();
      expect([jobs.count, outbox.count]).toEqual([0, 0]);
      await transport.close();
    });

    it("wakes after a transport enqueue, a reschedule, a release and a stale-lease release", async () => {
      target = await TARGETS[name]();
      const persistence = createKyselyPersistence(target.db);
      const transport = createKyselyJobTransport(target.db);
      const run = await persistence.createRun(newRun());
      const calls = callCounter();
      await transport.subscribe(calls.listener);
      const [job] = await transport.enqueue([newJob(run.id)]);
      await calls.atLeast(1, "enqueue");
      await transport.dequeue({ workerId: "w", limit: 1, now: new Date() });
      await persistence.rescheduleJob(
        job?.id ?? "",
        { attempt: 2, availableAt: new Date(0), lastError: null },
        new Date(),
      );
      await calls.atLeast(2, "reschedule");
      await transport.dequeue({ workerId: "w", limit: 1, now: new Date() });
      expect(
        await transport.release({ workerId: "w", jobIds: [job?.id ?? ""], now: new Date() }),
      ).toBe(1);
      await calls.atLeast(3, "release");
      await transport.dequeue({ workerId: "w", limit: 1, now: new Date(1_000) });
      expect(
        await transport.releaseStale({ staleBefore: new Date(2_000), now: new Date(3_000) }),
      ).toBe(1);
      await calls.atLeast(4, "releaseStale");
      await transport.close();
    });
  });
}
