/**
 * Memoized calls after a crash, on SQLite and Postgres: a worker process makes the stage's call
 * (through the real `openai` SDK, on the loopback fake) and is SIGKILLed before the stage
 * commits; another worker takes the job over once its lease is stale and runs the body again,
 * which gets the stored response — the fake counts one request, the run one paid call.
 */
import { createStageflow } from "@stageflow/engine";
import { afterEach, describe, expect, it } from "vitest";
import { askEnvironment, askWorkflow } from "./ask-workflow";
import { startCountingFake } from "./fake-calls";
import { GUARD_DATABASES } from "./guard-databases";
import { startWorker } from "./rate-limit-measure";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  askEnvironment.afterCalls = undefined;
});

describe.each(GUARD_DATABASES)("memoized calls after a crash on $dialect", ({ open }) => {
  it("serves the re-run body of a SIGKILLed worker's stage from the memo", {
    timeout: 120_000,
  }, async () => {
    const database = await open();
    cleanups.push(() => database.cleanup());
    const fake = await startCountingFake();
    cleanups.push(() => fake.server.close());
    const client = await createStageflow({
      database: database.db,
      workflows: [askWorkflow],
      migrate: false,
      worker: false,
      resultPollIntervalMs: 100,
    });
    cleanups.push(() => client.close());

    const doomed = await startWorker({
      GUARD_DATABASE_URL: database.url,
      GUARD_FAKE_URL: fake.server.url,
      GUARD_MEMO: "1",
      GUARD_HANG_AFTER_CALLS: "1",
    });
    const exited = new Promise((resolve) => doomed.once("exit", resolve));
    cleanups.push(async () => {
      if (doomed.exitCode === null && doomed.signalCode === null) doomed.kill("SIGKILL");
      await exited;
    });
    const prompt = `crash-${Math.random().toString(36).slice(2, 8)}`;
    const handle = await client.run(askWorkflow, { prompts: [prompt] });
    // The response is memoized before the call is recorded: wait for the record.
    for (let i = 0; i < 1_200; i += 1) {
      const detail = await client.kernel.query.getRunDetail(handle.id);
      if ((detail?.aiCalls.length ?? 0) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(fake.chatRequests(prompt)).toHaveLength(1);
    doomed.kill("SIGKILL");
    await exited;

    const rescuer = await createStageflow({
      database: database.db,
      workflows: [askWorkflow],
      migrate: false,
      ai: { memo: { ttlMs: 3_600_000 } },
      worker: { staleLeaseThresholdMs: 1_000, orchestrationIntervalMs: 200, handleSignals: false },
    });
    cleanups.push(() => rescuer.close());
    Object.assign(askEnvironment, {
      url: fake.server.url,
      guards: rescuer.aiGuards,
      logger: rescuer.aiCallLogger,
    });
    expect(await handle.result({ timeoutMs: 60_000 })).toEqual({ answers: [`echo: ${prompt}`] });
    expect(fake.chatRequests(prompt)).toHaveLength(1);
    const detail = await client.kernel.query.getRunDetail(handle.id);
    const [paid, hit] = detail?.aiCalls ?? [];
    expect(detail?.aiCalls).toHaveLength(2);
    expect(paid).toMatchObject({ cached: false, status: "succeeded" });
    expect(hit).toMatchObject({ cached: true, cost: 0, status: "succeeded" });
    // The call was billed by the vendor and is recorded: the run's cost so far counts it. The
    // crashed attempt never committed its usage, so `run.totalCost` (committed attempts) does not.
    expect(paid?.cost).toBeGreaterThan(0);
    expect(detail?.aiCostSoFar).toBeCloseTo(paid?.cost ?? -1, 12);
    expect(detail?.run.totalCost).toBe(0);
  });
});
