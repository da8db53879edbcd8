import { defineStage, WorkflowBuilder } from "@stageflow/core";
import { createTestKernel, FakeClock } from "@stageflow/testing";
import { type Kysely, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createKyselyAIBudgetLedger,
  createKyselyAICallLogger,
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  type StageflowDatabase,
} from "../src/index";
import { TARGETS, type TestTarget } from "./helpers/targets";

const HOUR = 3_600_000;

function purgeWorkflow(db: Kysely<StageflowDatabase>, clock: FakeClock) {
  const ai = createKyselyAICallLogger(db);
  const budgets = createKyselyAIBudgetLedger(db);
  const work = defineStage({
    id: "work",
    name: "Work",
    schemas: { input: z.object({ text: z.string() }), output: z.string(), config: z.object({}) },
    async execute(ctx) {
      ctx.log("INFO", `working on ${ctx.workflowRunId}`);
      await ctx.storage.save("scratch", { text: ctx.input.text });
      await ai.logCall({
        topic: "purge",
        provider: "offline",
        model: "m",
        kind: "text",
        inputTokens: 3,
        outputTokens: 2,
        cost: 0.001,
        batch: false,
        status: "succeeded",
        durationMs: 1,
        workflowRunId: ctx.workflowRunId,
        stageId: ctx.stageId,
        createdAt: clock.now(),
      });
      // A cross-run batched request of the run (as a batched stage's suspension stores it).
      const aiBatches = createKyselyPersistence(db).aiBatches;
      if (aiBatches === undefined) throw new Error("the Kysely persistence has an AI batch store");
      await aiBatches.insertRequests([
        {
          workflowRunId: ctx.workflowRunId,
          stageId: ctx.stageId,
          stageRecordId: ctx.stageRecordId,
          attempt: ctx.attempt,
          requestKey: "a",
          provider: "offline",
          model: "offline-text",
          spec: { kind: "text", model: "offline-text", prompt: ctx.input.text },
          bytes: 10,
          now: clock.now(),
        },
      ]);
      // A run with a budget gets a row of the budget ledger.
      const hold = await budgets.reserve({
        workflowRunId: ctx.workflowRunId,
        amountUsd: 0.002,
        now: clock.now(),
      });
      if (hold.granted && hold.reservation)
        await budgets.settle(hold.reservation, 0.001, clock.now());
      return { output: ctx.input.text.toUpperCase() };
    },
  });
  const finish = defineStage({
    id: "finish",
    name: "Finish",
    schemas: { input: z.string(), output: z.string(), config: z.object({}) },
    async execute(ctx) {
      return { output: `${ctx.input}!` };
    },
  });
  return new WorkflowBuilder(
    "purge",
    "Purge",
    "work, finish",
    z.object({ text: z.string() }),
    z.string(),
  )
    .pipe(work)
    .pipe(finish)
    .build();
}

/** Every Stageflow table but the migrator's own. */
async function tablesOf(target: TestTarget, postgres: boolean): Promise<string[]> {
  const query = postgres
    ? sql<{ name: string }>`select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_name like 'stageflow%'`
    : sql<{
        name: string;
      }>`select name from sqlite_master where type = 'table' and name like 'stageflow%'`;
  const { rows } = await query.execute(target.db);
  return rows
    .map((row) => row.name)
    .filter((name) => !name.startsWith("stageflow_migrations"))
    .sort();
}

/** A SQL expression of the whole row of `table` as text (to find a run id in any column). */
async function rowText(target: TestTarget, table: string, postgres: boolean) {
  if (postgres) return sql.raw(`${table}::text`);
  const { rows } = await sql<{
    name: string;
  }>`select name from pragma_table_info(${table})`.execute(target.db);
  return sql.raw(rows.map((row) => `coalesce(cast(${row.name} as text), '')`).join(" || '|' || "));
}

/** Per table: all rows, and the rows mentioning each of `ids` anywhere. */
async function census(target: TestTarget, postgres: boolean, ids: readonly string[]) {
  const result: Record<string, { total: number; mentioning: number }> = {};
  for (const table of await tablesOf(target, postgres)) {
    const text = await rowText(target, table, postgres);
    const { rows } = await sql<{
      n: number | string;
    }>`select count(*) as n from ${sql.table(table)}`.execute(target.db);
    let mentioning = 0;
    for (const id of ids) {
      const found = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}
        where ${text} like ${`%${id}%`}`.execute(target.db);
      mentioning += Number(found.rows[0]?.n ?? 0);
    }
    result[table] = { total: Number(rows[0]?.n ?? 0), mentioning };
  }
  return result;
}

describe.each(["sqlite (file)", "postgres"] as const)("run.purge on %s", (name) => {
  let target: TestTarget | undefined;
  afterEach(async () => {
    await target?.teardown();
    target = undefined;
  });

  it("leaves no row of a purged run in any table and no blob, and touches nothing else", async () => {
    target = await TARGETS[name]();
    const postgres = name === "postgres";
    const { db } = target;
    const clock = new FakeClock();
    const persistence = createKyselyPersistence(db);
    const jobTransport = createKyselyJobTransport(db);
    const blobStore = createKyselyBlobStore(db);
    const t = createTestKernel({
      workflows: [purgeWorkflow(db, clock)],
      persistence,
      jobTransport,
      blobStore,
      clock,
    });
    const start = async (text: string, idempotencyKey: string) =>
      (
        await t.kernel.dispatch({
          type: "run.create",
          workflowId: "purge",
          input: { text },
          idempotencyKey,
          budgetUsd: 1,
        })
      ).workflowRunId;
    try {
      const old: string[] = [];
      for (let i = 0; i < 3; i++) {
        const id = await start(`old ${i}`, `old-${i}`);
        await t.runToCompletion(id);
        old.push(id);
      }
      clock.advance(2 * HOUR);
      const recent = await start("recent", "recent");
      await t.runToCompletion(recent);
      const pending = await start("pending", "pending");
      clock.advance(HOUR / 2);

      const before = await census(target, postgres, old);
      const keptBefore = await census(target, postgres, [recent, pending]);
      for (const table of Object.keys(before)) {
        // The scenario writes a row of the old runs into every Stageflow table but the schedules
        // (its runs are not started by a schedule; that table is still checked to be untouched),
        // the provider batches of cross-run batching (shared by many runs, they stay) and the AI
        // guards' tables keyed by content or provider, not by run (memo, rate limits).
        if (
          [
            "stageflow_schedules",
            "stageflow_ai_batches",
            "stageflow_ai_memo",
            "stageflow_ai_rate_limits",
            "stageflow_ai_rate_limit_holds",
          ].includes(table)
        ) {
          continue;
        }
        expect(before[table]?.mentioning, table).toBeGreaterThan(0);
      }
      const result = await t.kernel.dispatch({
        type: "run.purge",
        olderThanMs: HOUR,
        batchSize: 2,
      });
      expect(result.purged).toBe(3);
      expect(result.deleted).toMatchObject({
        runs: 3,
        stages: 6,
        jobs: 6,
        aiCalls: 3,
        idempotencyKeys: 3,
        blobs: 9,
      });
      const after = await census(target, postgres, old);
      for (const [table, counts] of Object.entries(before)) {
        expect(after[table], table).toEqual({
          total: counts.total - counts.mentioning,
          mentioning: 0,
        });
      }
      const keptAfter = await census(target, postgres, [recent, pending]);
      for (const [table, counts] of Object.entries(keptBefore)) {
        expect(keptAfter[table]?.mentioning, table).toBe(counts.mentioning);
      }
      expect(await blobStore.list("runs/")).toEqual(
        expect.arrayContaining([expect.stringContaining(recent)]),
      );
      // The purged keys are free again; the kept ones still replay.
      const replay = await t.kernel.dispatch({
        type: "run.create",
        workflowId: "purge",
        input: { text: "recent" },
        idempotencyKey: "recent",
      });
      expect(replay.workflowRunId).toBe(recent);
      const fresh = await start("old 0", "old-0");
      expect(old).not.toContain(fresh);
    } finally {
      await jobTransport.close();
    }
  });
});
