import { afterEach, describe, expect, it } from "vitest";
import { createStageflow, type Stageflow } from "../src/index";
import { WORKFLOWS } from "./fixtures/workflows";

const open: Stageflow[] = [];
afterEach(async () => {
  for (const sf of open.splice(0)) await sf.close();
});

async function start(ai: Parameters<typeof createStageflow>[0]["ai"]) {
  const sf = await createStageflow({
    database: "sqlite::memory:",
    workflows: WORKFLOWS,
    worker: false,
    ai,
  });
  open.push(sf);
  return sf;
}

describe("the ai option", () => {
  it("builds the guards it names as sf.aiGuards, budgets on by default", async () => {
    expect(Object.keys((await start(undefined)).aiGuards)).toEqual(["budget"]);
    const all = await start({
      rateLimits: [{ provider: "openai", requestsPerMinute: 60 }],
      memo: { ttlMs: 1_000 },
    });
    expect(Object.keys(all.aiGuards).sort()).toEqual(["budget", "memo", "rateLimiter"]);
    expect(all.aiGuards.memo?.ttlMs).toBe(1_000);
    expect(all.aiGuards.rateLimiter?.rules).toEqual([
      { provider: "openai", requestsPerMinute: 60 },
    ]);
    expect((await start({ memo: true, budgets: false })).aiGuards.memo?.ttlMs).toBe(86_400_000);
    expect((await start({ budgets: false })).aiGuards).toEqual({});
  });

  it("refuses malformed guard options before opening anything", async () => {
    for (const ai of [
      { rateLimits: {} },
      { rateLimits: [{ provider: "openai" }] },
      { rateLimits: [{ provider: "openai", requestsPerMinute: -1 }] },
      { memo: { ttlMs: 0 } },
      { memo: "yes" },
      { budgets: "no" },
    ]) {
      await expect(
        createStageflow({
          database: "sqlite::memory:",
          workflows: WORKFLOWS,
          worker: false,
          ai: ai as never,
        }),
      ).rejects.toMatchObject({ code: "INVALID_STAGEFLOW_OPTIONS" });
    }
  });
});
