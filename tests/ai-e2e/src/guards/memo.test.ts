/**
 * Memoized AI calls on SQLite and Postgres, through the real `openai` SDK on the loopback fake:
 * a body re-executed by a retry (as after a crash) and a rerun get the stored response (the fake
 * counts one request), the hit is recorded with cost 0 and `cached: true`, an expired entry is
 * not served, parameters are part of the key, and the key and stored rows never hold the API key.
 */
import { createAIHelper } from "@stageflow/ai";
import { openaiProvider } from "@stageflow/ai-openai";
import { createStageflow } from "@stageflow/engine";
import { createKyselyAIMemoStore } from "@stageflow/persistence-kysely";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { ASK_API_KEY, askEnvironment, askWorkflow } from "./ask-workflow";
import { GUARD_DATABASES } from "./guard-databases";
import { useGuardSuite } from "./guard-suite";

const suite = useGuardSuite();
const { cleanups, tagged } = suite;

const provider = () =>
  openaiProvider({ apiKey: ASK_API_KEY, baseURL: suite.fake.server.url, maxRetries: 0 });

describe.each(GUARD_DATABASES)("memoized AI calls on $dialect", ({ open }) => {
  it("serves a retried body and a rerun the stored response, recorded cached with cost 0", async () => {
    const database = await open();
    cleanups.push(() => database.cleanup());
    const sf = await createStageflow({
      database: database.db,
      workflows: [askWorkflow],
      migrate: false,
      ai: { memo: { ttlMs: 3_600_000 } },
    });
    cleanups.push(() => sf.close());
    Object.assign(askEnvironment, {
      url: suite.fake.server.url,
      guards: sf.aiGuards,
      logger: sf.aiCallLogger,
    });
    // The first attempt dies after its call succeeded (as a crash would); the retry runs the body again.
    askEnvironment.afterCalls = ({ attempt }) => {
      if (attempt === 1) throw new Error("worker lost after the call");
    };
    const prompt = tagged("memo");
    const handle = await sf.run(askWorkflow, { prompts: [prompt] });
    expect(await handle.result()).toEqual({ answers: [`echo: ${prompt}`] });
    expect(suite.fake.chatRequests(prompt)).toHaveLength(1);

    let detail = await sf.kernel.query.getRunDetail(handle.id);
    expect(detail?.stages[0]?.attempt).toBe(2);
    const [paid, hit] = detail?.aiCalls ?? [];
    expect(paid).toMatchObject({ cached: false, status: "succeeded" });
    expect(paid?.cost).toBeGreaterThan(0);
    expect(hit).toMatchObject({
      cached: true,
      status: "succeeded",
      cost: 0,
      inputTokens: 0,
      outputTokens: 0,
    });
    expect((await handle.get()).totalCost).toBeCloseTo(paid?.cost ?? -1, 12);

    // A rerun of the stage (after a fix downstream, say): the body runs again, its call is served
    // from the memo.
    askEnvironment.afterCalls = undefined;
    await sf.kernel.dispatch({
      type: "run.rerunFrom",
      workflowRunId: handle.id,
      fromStageId: "ask",
    });
    sf.host?.wake();
    const rerun = await sf.runs.get(handle.id, askWorkflow);
    expect(await rerun.result()).toEqual({ answers: [`echo: ${prompt}`] });
    expect(suite.fake.chatRequests(prompt)).toHaveLength(1);
    detail = await sf.kernel.query.getRunDetail(handle.id);
    expect(detail?.aiCalls.map((c) => c.cached)).toEqual([false, true, true]);

    // Nothing stored holds the key.
    const rows = await sql<Record<string, unknown>>`select * from stageflow_ai_memo`.execute(
      database.db,
    );
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows.rows)).not.toContain(ASK_API_KEY);
  });

  it("does not serve an expired entry, keys on the parameters, and skips the memo when asked", async () => {
    const database = await open();
    cleanups.push(() => database.cleanup());
    const memo = createKyselyAIMemoStore(database.db, { ttlMs: 60_000 });
    const t0 = Date.now();
    const helperAt = (ms: number) =>
      createAIHelper("memo-ttl", undefined, {
        providers: [provider()],
        memo,
        now: () => new Date(t0 + ms),
      });
    const prompt = tagged("ttl");

    const first = await helperAt(0).generateText("gpt-4o-mini", prompt, { maxTokens: 20 });
    expect(first.cached).toBeUndefined();
    const withinTtl = await helperAt(59_000).generateText("gpt-4o-mini", prompt, { maxTokens: 20 });
    expect(withinTtl).toMatchObject({ text: first.text, cached: true, cost: 0 });
    expect(suite.fake.chatRequests(prompt)).toHaveLength(1);

    await helperAt(60_001).generateText("gpt-4o-mini", prompt, { maxTokens: 20 }); // expired
    expect(suite.fake.chatRequests(prompt)).toHaveLength(2);
    await helperAt(60_002).generateText("gpt-4o-mini", prompt, { maxTokens: 21 }); // other parameters
    expect(suite.fake.chatRequests(prompt)).toHaveLength(3);
    await helperAt(60_003).generateText("gpt-4o-mini", prompt, { maxTokens: 21, memo: false });
    expect(suite.fake.chatRequests(prompt)).toHaveLength(4);

    // The entry stored at 60 001 expires at 120 001.
    expect(await memo.deleteExpired(new Date(t0 + 120_001))).toBeGreaterThanOrEqual(1);
    expect(() => createKyselyAIMemoStore(database.db, { ttlMs: -1 })).toThrow(
      expect.objectContaining({ code: "INVALID_AI_MEMO_TTL" }),
    );
  });
});
