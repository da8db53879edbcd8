import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fakeProvider } from "../../test/fake-provider";
import type { AIBudgetLedger, AIBudgetReservation } from "../budget/ai-budget-ledger";
import { estimateCallCost } from "../budget/estimate-call-cost";
import { AIRateLimitError } from "../errors/ai-provider-error";
import { createAIHelper } from "../helper/create-ai-helper";
import type { AIRateLimiter, AIRateLimitTicket } from "../limits/ai-rate-limiter";
import { createInMemoryAICallLogger } from "../logging/in-memory-ai-call-logger";
import type { AIMemoEntry, AIMemoStore } from "../memo/ai-memo-store";
import { getModel } from "../models/model-registry";

/** Port fakes that record what the helper asked of them. */
function guards(options: { budgetLeft?: number; capacity?: number } = {}) {
  const log: string[] = [];
  const entries = new Map<string, AIMemoEntry>();
  let left = options.budgetLeft ?? Number.POSITIVE_INFINITY;
  let capacity = options.capacity ?? Number.POSITIVE_INFINITY;
  const memo: AIMemoStore = {
    ttlMs: 1_000,
    async get(key, now) {
      log.push("memo.get");
      const entry = entries.get(key);
      return entry && entry.expiresAt > now ? entry : undefined;
    },
    async put(entry) {
      log.push("memo.put");
      entries.set(entry.key, entry);
    },
  };
  const budget: AIBudgetLedger = {
    async reserve({ workflowRunId, amountUsd }) {
      log.push(`budget.reserve ${amountUsd}`);
      if (amountUsd > left)
        return { granted: false, budgetUsd: 1, spentUsd: 1 - left, reservedUsd: 0 };
      left -= amountUsd;
      return { granted: true, reservation: { workflowRunId, amountUsd } };
    },
    async settle(reservation: AIBudgetReservation, actualUsd) {
      log.push(`budget.settle ${actualUsd}`);
      left += reservation.amountUsd - actualUsd;
    },
  };
  const rateLimiter: AIRateLimiter = {
    async reserve({ tokens }) {
      log.push(`limit.reserve ${tokens}`);
      if (capacity <= 0)
        return { granted: false, retryAfterMs: 700, reason: "1 requests per 1000 ms" };
      capacity -= 1;
      return { granted: true, ticket: { key: "k", id: `t${log.length}`, tokens } };
    },
    async settle(ticket: AIRateLimitTicket, actualTokens) {
      log.push(`limit.settle ${ticket.tokens}->${actualTokens}`);
    },
    async block(provider, model, until) {
      log.push(`limit.block ${provider}/${model} ${until.getTime()}`);
    },
  };
  return { log, memo, budget, rateLimiter, entries };
}

const stage = { workflowRunId: "run-1", stageId: "s" };
const NOW = new Date("2030-01-01T00:00:00Z");

describe("the helper's guards", () => {
  it("memo hit: no provider call, no budget, no capacity; recorded cached with cost 0", async () => {
    const g = guards();
    const provider = fakeProvider();
    provider.answer({ text: "first", inputTokens: 10, outputTokens: 5 });
    const logger = createInMemoryAICallLogger();
    const ai = createAIHelper("t", logger, { providers: [provider], stage, ...g, now: () => NOW });
    const paid = await ai.generateText("gpt-4o-mini", "hello", { maxTokens: 100 });
    expect(paid.cached).toBeUndefined();
    g.log.length = 0;
    const hit = await ai.generateText("gpt-4o-mini", "hello", { maxTokens: 100 });
    expect(hit).toEqual({ text: "first", inputTokens: 0, outputTokens: 0, cost: 0, cached: true });
    expect(provider.textRequests).toHaveLength(1);
    expect(g.log).toEqual(["memo.get"]);
    expect(logger.records.map((r) => [r.cost > 0, r.cached ?? false])).toEqual([
      [true, false],
      [false, true],
    ]);
    // Other parameters, or memo: false, miss.
    await ai.generateText("gpt-4o-mini", "hello", { maxTokens: 101 });
    await ai.generateText("gpt-4o-mini", "hello", { maxTokens: 100, memo: false });
    expect(provider.textRequests).toHaveLength(3);
  });

  it("memoizes only objects that validate", async () => {
    const g = guards();
    const provider = fakeProvider();
    provider.answer({ text: '{"n":"x"}', inputTokens: 1, outputTokens: 1 });
    provider.answer({ text: '{"n":1}', inputTokens: 1, outputTokens: 1 });
    const ai = createAIHelper("t", undefined, { providers: [provider], ...g, now: () => NOW });
    const schema = z.object({ n: z.number() });
    await expect(ai.generateObject("gpt-4o-mini", "n?", schema)).rejects.toMatchObject({
      code: "AI_STRUCTURED_OUTPUT_INVALID",
    });
    expect(g.entries.size).toBe(0);
    await expect(ai.generateObject("gpt-4o-mini", "n?", schema)).resolves.toMatchObject({
      object: { n: 1 },
    });
    await expect(ai.generateObject("gpt-4o-mini", "n?", schema)).resolves.toMatchObject({
      cached: true,
    });
    expect(provider.objectRequests).toHaveLength(2);
  });

  it("holds the estimate, then settles the actual cost and tokens", async () => {
    const g = guards();
    const provider = fakeProvider();
    provider.answer({ text: "ok", inputTokens: 40, outputTokens: 7 });
    const ai = createAIHelper("t", undefined, {
      providers: [provider],
      stage,
      ...g,
      now: () => NOW,
    });
    const prompt = "x".repeat(40); // estimated at 10 input tokens
    const { cost } = await ai.generateText("gpt-4o-mini", prompt, { maxTokens: 100, memo: false });
    const estimate = estimateCallCost(getModel("gpt-4o-mini"), 10, 100);
    expect(g.log).toEqual([
      `budget.reserve ${estimate}`,
      "limit.reserve 110",
      "limit.settle 110->47",
      `budget.settle ${cost}`,
    ]);
  });

  it("refuses over budget before any request: not retryable, recorded failed, nothing held", async () => {
    const g = guards({ budgetLeft: 0.00001 });
    const provider = fakeProvider();
    const logger = createInMemoryAICallLogger();
    const ai = createAIHelper("t", logger, { providers: [provider], stage, ...g });
    const error = await ai
      .generateText("gpt-4o-mini", "hi", { maxTokens: 1_000, memo: false })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "AI_BUDGET_EXCEEDED",
      retryable: false,
      workflowRunId: "run-1",
    });
    expect(provider.textRequests).toEqual([]);
    expect(g.log.filter((l) => l.startsWith("limit."))).toEqual([]);
    expect(logger.records).toMatchObject([{ status: "failed", cost: 0, workflowRunId: "run-1" }]);
  });

  it("does not check budgets for helpers not bound to a run", async () => {
    const g = guards({ budgetLeft: 0 });
    const provider = fakeProvider();
    const ai = createAIHelper("t", undefined, { providers: [provider], ...g });
    await ai.generateText("gpt-4o-mini", "hi", { memo: false });
    expect(g.log.some((l) => l.startsWith("budget."))).toBe(false);
  });

  it("without capacity: a deferral, the budget hold released, no request, no record", async () => {
    const g = guards({ capacity: 0 });
    const provider = fakeProvider();
    const logger = createInMemoryAICallLogger();
    const ai = createAIHelper("t", logger, { providers: [provider], stage, ...g });
    const wait = await ai
      .generateText("gpt-4o-mini", "hi", { memo: false })
      .catch((e: unknown) => e);
    expect(wait).toMatchObject({ code: "AI_RATE_LIMIT_WAIT", deferred: true, retryAfterMs: 700 });
    expect(provider.textRequests).toEqual([]);
    expect(g.log.at(-1)).toBe("budget.settle 0");
    expect(logger.records).toEqual([]);
  });

  it("feeds a 429's retry-after to the limiter and ends the failed call's hold", async () => {
    const g = guards();
    const provider = fakeProvider();
    provider.answer(new AIRateLimitError("openai", "slow down", { retryAfterMs: 5_000 }));
    const ai = createAIHelper("t", undefined, {
      providers: [provider],
      stage,
      ...g,
      now: () => NOW,
    });
    await expect(ai.generateText("gpt-4o-mini", "hi", { maxTokens: 10 })).rejects.toMatchObject({
      code: "AI_RATE_LIMITED",
    });
    expect(g.log.slice(-3)).toEqual([
      "budget.settle 0",
      "limit.settle 11->11",
      `limit.block openai/gpt-4o-mini ${NOW.getTime() + 5_000}`,
    ]);
  });

  it("reports a guard's failing bookkeeping and still returns the result", async () => {
    const g = guards();
    const errors: unknown[] = [];
    const provider = fakeProvider();
    const ai = createAIHelper("t", undefined, {
      providers: [provider],
      ...g,
      memo: { ...g.memo, put: async () => Promise.reject(new Error("disk full")) },
      onGuardError: (e) => errors.push(e),
    });
    await expect(ai.generateText("gpt-4o-mini", "hi")).resolves.toMatchObject({ text: "ok" });
    expect(errors).toMatchObject([{ message: "disk full" }]);
  });
});
