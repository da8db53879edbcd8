/**
 * Per-run AI cost budgets on SQLite and Postgres, through the real `openai` SDK on the loopback
 * fake: a call whose estimate would take the run over its budget is refused before it is made
 * (the fake sees no request) and fails the run without a retry; what earlier calls spent counts;
 * the run's cost so far is visible while it runs; the workflow's default applies unless
 * `run.create` names a budget; a malformed budget is refused and writes nothing.
 */
import { isStageflowError } from "@stageflow/core";
import { createStageflow, RunFailedError, type Stageflow } from "@stageflow/engine";
import { describe, expect, it } from "vitest";
import { askEnvironment, askWorkflow, askWorkflowWithBudget } from "./ask-workflow";
import { GUARD_DATABASES, type GuardDatabase } from "./guard-databases";
import { useGuardSuite } from "./guard-suite";

/** gpt-4o-mini's prices, USD per token. */
const INPUT_PRICE = 0.15 / 1e6;
const OUTPUT_PRICE = 0.6 / 1e6;

const suite = useGuardSuite();
const { cleanups, tagged } = suite;

const budgeted = askWorkflowWithBudget(0.5);

async function start(open: () => Promise<GuardDatabase>): Promise<Stageflow> {
  const database = await open();
  cleanups.push(() => database.cleanup());
  const sf = await createStageflow({
    database: database.db,
    workflows: [askWorkflow, budgeted],
    migrate: false,
  });
  cleanups.push(() => sf.close());
  Object.assign(askEnvironment, {
    url: suite.fake.server.url,
    guards: sf.aiGuards,
    logger: sf.aiCallLogger,
  });
  return sf;
}

describe.each(GUARD_DATABASES)("AI cost budgets on $dialect", ({ open }) => {
  it("refuses a call over the budget before it is made, and does not retry it", async () => {
    const sf = await start(open);
    const prompt = tagged("over");
    // Estimate: 1 000 output tokens × $0.60/M = $0.0006 (plus the input) > $0.0001.
    const handle = await sf.run(
      askWorkflow,
      { prompts: [prompt], maxTokens: 1_000 },
      { budgetUsd: 0.0001 },
    );
    const failure = await handle.result().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RunFailedError);
    expect(suite.fake.chatRequests(prompt)).toEqual([]);
    const detail = await sf.kernel.query.getRunDetail(handle.id);
    expect(detail?.run).toMatchObject({ status: "FAILED", budgetUsd: 0.0001, totalCost: 0 });
    expect(detail?.run.error?.code).toBe("AI_BUDGET_EXCEEDED");
    expect(detail?.run.error?.message).toContain("over its budget");
    expect(detail?.stages[0]?.attempt).toBe(1); // 3 attempts allowed, none retried
    expect(detail?.aiCalls).toMatchObject([{ status: "failed", cost: 0, cached: false }]);
  });

  it("counts what earlier calls spent, and shows the cost so far while the run is running", async () => {
    const sf = await start(open);
    const prompt = tagged("spent");
    suite.fake.reply = () => "x".repeat(200); // 200 output tokens billed per call
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    askEnvironment.afterCalls = () => held;
    const cost = (p: string) => p.length * INPUT_PRICE + 200 * OUTPUT_PRICE;

    // Two calls fit the budget ($1): the stage holds after them, while the run is RUNNING.
    const open1 = await sf.run(
      askWorkflow,
      { prompts: [`${prompt} a`, `${prompt} b`], maxTokens: 50 },
      { budgetUsd: 1 },
    );
    let detail = await sf.kernel.query.getRunDetail(open1.id);
    for (let i = 0; i < 400 && (detail?.aiCalls.length ?? 0) < 2; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      detail = await sf.kernel.query.getRunDetail(open1.id);
    }
    expect(detail?.run.status).toBe("RUNNING");
    expect(detail?.run.totalCost).toBe(0); // the stage has not committed yet
    const soFar = cost(`${prompt} a`) + cost(`${prompt} b`);
    expect(detail?.aiCostSoFar).toBeCloseTo(soFar, 12);
    const ledger = await sf.aiGuards.budget?.get(open1.id);
    expect(ledger).toMatchObject({ budgetUsd: 1, reservedUsd: 0 });
    expect(ledger?.spentUsd).toBeCloseTo(soFar, 12);
    release();
    await open1.result();
    expect((await open1.get()).totalCost).toBeCloseTo(soFar, 12);

    // Budget for one call's estimate, but not for the second after the first's actual cost:
    // estimate = 50 × $0.60/M + input ≈ $0.00003; actual ≈ $0.00012 + input.
    askEnvironment.afterCalls = undefined;
    const tight = await sf.run(
      askWorkflow,
      { prompts: [`${prompt} c`, `${prompt} d`], maxTokens: 50 },
      { budgetUsd: 0.00013 },
    );
    await expect(tight.result()).rejects.toBeInstanceOf(RunFailedError);
    expect(suite.fake.chatRequests(`${prompt} c`)).toHaveLength(1);
    expect(suite.fake.chatRequests(`${prompt} d`)).toEqual([]);
    detail = await sf.kernel.query.getRunDetail(tight.id);
    expect(detail?.run.error?.code).toBe("AI_BUDGET_EXCEEDED");
    expect(detail?.aiCalls.map((c) => c.status)).toEqual(["succeeded", "failed"]);
    expect(detail?.run.totalCost).toBeCloseTo(cost(`${prompt} c`), 12);
  });

  it("applies the workflow's default budget unless run.create names one; refuses a bad budget", async () => {
    const sf = await start(open);
    const byDefault = await sf.run(budgeted, { prompts: [tagged("default")] });
    expect((await byDefault.get()).budgetUsd).toBe(0.5);
    const named = await sf.run(budgeted, { prompts: [tagged("named")] }, { budgetUsd: 2 });
    expect((await named.get()).budgetUsd).toBe(2);
    const none = await sf.run(askWorkflow, { prompts: [tagged("none")] });
    expect((await none.get()).budgetUsd).toBeNull();
    await Promise.all([byDefault.result(), named.result(), none.result()]);

    const before = await sf.kernel.query.listRuns({});
    const refused = await sf
      .run(askWorkflow, { prompts: ["never"] }, { budgetUsd: -1 })
      .catch((e: unknown) => e);
    expect(isStageflowError(refused)).toBe(true);
    expect((refused as Error).message).toContain("budgetUsd");
    expect((await sf.kernel.query.listRuns({})).runs).toHaveLength(before.runs.length);
  });
});
