/**
 * The guards' reservations are atomic, on SQLite and Postgres: many concurrent reservations (on
 * Postgres from several pools, as from several workers) never take more than the budget or the
 * rate limit allows — exactly as many are granted as fit.
 */
import { createStageflow } from "@stageflow/engine";
import {
  createKyselyAIBudgetLedger,
  createKyselyAIRateLimiter,
} from "@stageflow/persistence-kysely";
import { afterEach, describe, expect, it } from "vitest";
import { askWorkflow } from "./ask-workflow";
import { GUARD_DATABASES, openGuardDatabase } from "./guard-databases";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(GUARD_DATABASES)("guard reservations on $dialect", ({ open }) => {
  it("never overdraw a run's budget or a window's limit under concurrent reservations", async () => {
    const database = await open();
    cleanups.push(() => database.cleanup());
    // Postgres: three pools, as three workers. SQLite: one database object per process (a second
    // connection in the same process would wait synchronously on the file lock the first one
    // holds across an await); processes sharing the file are the measure's four workers.
    const others =
      database.dialect === "postgres"
        ? [openGuardDatabase(database.url, 2), openGuardDatabase(database.url, 2)]
        : [];
    cleanups.push(async () => {
      for (const db of others) await db.destroy();
    });
    const dbs = [database.db, ...others];

    const sf = await createStageflow({
      database: database.db,
      workflows: [askWorkflow],
      migrate: false,
      worker: false,
    });
    cleanups.push(() => sf.close());
    const run = await sf.run(askWorkflow, { prompts: ["p"] }, { budgetUsd: 1 });
    const now = new Date();
    const ledgers = dbs.map((db) => createKyselyAIBudgetLedger(db));
    const holds = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        ledgers[i % ledgers.length]?.reserve({ workflowRunId: run.id, amountUsd: 0.1, now }),
      ),
    );
    expect(holds.filter((h) => h?.granted)).toHaveLength(10);
    expect(await ledgers[0]?.get(run.id)).toMatchObject({ budgetUsd: 1, spentUsd: 0 });
    expect((await ledgers[0]?.get(run.id))?.reservedUsd).toBeCloseTo(1, 9);

    const limits = [{ provider: "openai", requestsPerMinute: 7 }];
    const limiters = dbs.map((db) => createKyselyAIRateLimiter(db, { limits }));
    const at = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 1_000); // early in a window
    const decisions = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiters[i % limiters.length]?.reserve({
          provider: "openai",
          model: "gpt-4o-mini",
          tokens: 10,
          now: at,
        }),
      ),
    );
    expect(decisions.filter((d) => d?.granted)).toHaveLength(7);
    const refused = decisions.find((d) => d !== undefined && !d.granted);
    expect(refused).toMatchObject({ granted: false, reason: "7 requests per 60000 ms" });
  });
});
