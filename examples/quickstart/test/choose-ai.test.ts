import type { AIProviders } from "@stageflow/ai";
import { describe, expect, it } from "vitest";
import { chooseAI, providerChoice } from "../src/ai/choose-ai";

function providerNames(providers: AIProviders): string[] {
  const list = Array.isArray(providers) ? providers : Object.values(providers);
  return list.flatMap((provider) => (provider ? [provider.name] : []));
}

describe("chooseAI", () => {
  it("uses the offline provider when no key is set", async () => {
    const ai = await chooseAI({ env: {} });
    expect(providerChoice({})).toBe("offline");
    expect([ai.textModel, ai.embedModel]).toEqual(["offline-text", "offline-embed"]);
  });

  it.each([
    ["ANTHROPIC_API_KEY", "anthropic", "claude-haiku-4-5", "offline-embed"],
    ["OPENAI_API_KEY", "openai", "gpt-4o-mini", "text-embedding-3-small"],
    ["GEMINI_API_KEY", "google", "gemini-2.5-flash", "offline-embed"],
  ])("with %s picks %s and a batch-capable embedding model", async (key, name, text, embed) => {
    const ai = await chooseAI({ env: { [key]: "test-key" } });
    expect(providerNames(ai.providers)).toContain(name);
    expect([ai.textModel, ai.embedModel]).toEqual([text, embed]);
    if (embed === "offline-embed") expect(providerNames(ai.providers)).toContain("offline");
    expect(JSON.stringify(ai.label)).not.toContain("test-key");
  });

  it("rejects an unknown STAGEFLOW_DEMO_PROVIDER", () => {
    expect(() => providerChoice({ STAGEFLOW_DEMO_PROVIDER: "llama" })).toThrow(/must be offline/);
  });
});
