/**
 * Shared AI rate limits on SQLite and Postgres, through the real `openai` SDK on the loopback
 * fake: a call without capacity defers its stage (the same attempt runs again later; nothing
 * failed, no request was made), and a vendor 429 with `Retry-After` blocks the limit for every
 * worker (another database connection's limiter refuses without calling the fake).
 */
import { AIRateLimitWaitError, createAIHelper } from "@stageflow/ai";
import { openaiProvider } from "@stageflow/ai-openai";
import { createStageflow } from "@stageflow/engine";
import { createKyselyAIRateLimiter } from "@stageflow/persistence-kysely";
import { describe, expect, it } from "vitest";
import { ASK_API_KEY, askEnvironment, askWorkflow } from "./ask-workflow";
import { maxPerWindow } from "./fake-calls";
import { GUARD_DATABASES, openGuardDatabase } from "./guard-databases";
import { useGuardSuite } from "./guard-suite";

const suite = useGuardSuite();
const { cleanups, tagged } = suite;

const provider = () =>
  openaiProvider({ apiKey: ASK_API_KEY, baseURL: suite.fake.server.url, maxRetries: 0 });

describe.each(GUARD_DATABASES)("shared AI rate limits on $dialect", ({ open }) => {
  it("defers stages without capacity: same attempt, no failure, never more than the limit per window", async () => {
    const database = await open();
    cleanups.push(() => database.cleanup());
    const windowMs = 1_000;
    const limit = 2;
    const sf = await createStageflow({
      database: database.db,
      workflows: [askWorkflow],
      migrate: false,
      // 120 requests per minute scaled to one-second windows: 2 per window.
      ai: {
        rateLimits: [
          { provider: "openai", model: "gpt-4o-mini", requestsPerMinute: 120, windowMs },
        ],
      },
      worker: { concurrency: 4 },
    });
    cleanups.push(() => sf.close());
    Object.assign(askEnvironment, {
      url: suite.fake.server.url,
      guards: sf.aiGuards,
      logger: sf.aiCallLogger,
    });
    const tag = tagged("limited");
    const start = suite.fake.arrivals.length;
    const handles = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => sf.run(askWorkflow, { prompts: [`${tag} q${i}`] })),
    );
    const results = await Promise.all(handles.map((h) => h.result()));
    expect(results.map((r) => r.answers[0])).toEqual(
      [0, 1, 2, 3, 4].map((i) => `echo: ${tag} q${i}`),
    );

    // Counted at the fake: every call made exactly once, never more than the limit in a window.
    expect(suite.fake.chatRequests(tag)).toHaveLength(5);
    expect(maxPerWindow(suite.fake.arrivals.slice(start), windowMs)).toBeLessThanOrEqual(limit);

    let deferrals = 0;
    for (const handle of handles) {
      const detail = await sf.kernel.query.getRunDetail(handle.id);
      const stage = detail?.stages[0];
      expect(stage?.attempt).toBe(1); // a deferral is not a failed attempt
      expect(detail?.events.filter((e) => e.type === "stage:failed")).toEqual([]);
      const deferred = detail?.logs.filter((l) => l.message.includes("deferred until")) ?? [];
      for (const line of deferred) {
        expect(line.level).toBe("INFO");
        expect(line.message).toContain("Rate limit of openai/gpt-4o-mini has no capacity");
      }
      deferrals += deferred.length;
      // Only the call that was made is recorded: waiting made no call.
      expect(detail?.aiCalls.map((c) => c.status)).toEqual(["succeeded"]);
    }
    // 5 stages and 2 requests per window: at least 3 waited.
    expect(deferrals).toBeGreaterThanOrEqual(3);
  });

  it("feeds a vendor 429's Retry-After to the limiter: other workers wait without calling", async () => {
    const database = await open();
    cleanups.push(() => database.cleanup());
    const otherDb = openGuardDatabase(database.url, 1); // another worker's connection
    cleanups.push(() => otherDb.destroy());
    const limits = [{ provider: "openai", requestsPerMinute: 1_000 }];
    const first = createAIHelper("w1", undefined, {
      providers: [provider()],
      rateLimiter: createKyselyAIRateLimiter(database.db, { limits }),
    });
    const tag = tagged("retry-after");
    suite.fake.server.failNext({
      status: 429,
      headers: { "retry-after": "30" },
      pathIncludes: "chat",
    });
    await expect(first.generateText("gpt-4o-mini", `${tag} a`)).rejects.toMatchObject({
      code: "AI_RATE_LIMITED",
      retryAfterMs: 30_000,
    });
    const requestsBefore = suite.fake.server.requests.length;

    const second = createAIHelper("w2", undefined, {
      providers: [provider()],
      rateLimiter: createKyselyAIRateLimiter(otherDb, { limits }),
    });
    const wait = await second.generateText("gpt-4o-mini", `${tag} b`).catch((e: unknown) => e);
    expect(wait).toBeInstanceOf(AIRateLimitWaitError);
    expect(wait).toMatchObject({ code: "AI_RATE_LIMIT_WAIT", deferred: true, retryable: true });
    const waitMs = (wait as AIRateLimitWaitError).retryAfterMs;
    expect(waitMs).toBeGreaterThan(20_000); // the block's end, not the window's
    expect(waitMs).toBeLessThanOrEqual(30_000 + 250);
    expect((wait as Error).message).toContain("Retry-After");
    expect(suite.fake.server.requests.length).toBe(requestsBefore); // nothing reached the fake

    // Once the block is over (a worker whose clock is past it), calls go through again.
    const later = createAIHelper("w3", undefined, {
      providers: [provider()],
      rateLimiter: createKyselyAIRateLimiter(otherDb, { limits }),
      now: () => new Date(Date.now() + 31_000),
    });
    await expect(later.generateText("gpt-4o-mini", `${tag} c`)).resolves.toMatchObject({
      text: `echo: ${tag} c`,
    });
    expect(suite.fake.chatRequests(tag)).toHaveLength(2);
  });
});

describe("rate limit rules", () => {
  it("refuse malformed limits with a typed error", async () => {
    const database = await GUARD_DATABASES[0].open();
    cleanups.push(() => database.cleanup());
    expect(() =>
      createKyselyAIRateLimiter(database.db, {
        limits: [{ provider: "openai", requestsPerMinute: 0 }],
      }),
    ).toThrow(expect.objectContaining({ code: "INVALID_AI_RATE_LIMIT" }));
    expect(() =>
      createKyselyAIRateLimiter(database.db, { limits: [{ provider: "openai" }] }),
    ).toThrow(/requestsPerMinute, tokensPerMinute or both/);
    await expect(
      createStageflow({
        database: database.db,
        workflows: [askWorkflow],
        ai: { rateLimits: [{ provider: "", requestsPerMinute: 1 }] },
        worker: false,
      }),
    ).rejects.toMatchObject({ code: "INVALID_STAGEFLOW_OPTIONS" });
  });
});
