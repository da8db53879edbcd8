import { describe, expect, it } from "vitest";
import { offlineProvider } from "../offline/offline-provider";
import {
  DEFAULT_BATCH_GROUP_SETTINGS,
  FALLBACK_BATCH_GROUP_SETTINGS,
} from "./batch-group-defaults";
import { createAIBatching } from "./create-ai-batching";

describe("createAIBatching", () => {
  const providers = [offlineProvider({ batchDelayMs: 0 })];

  it("routes a request by the model registry, or by the provider it names", () => {
    const port = createAIBatching({ providers });
    expect(port.route({ kind: "text", model: "gpt-4o-mini", prompt: "x" })).toEqual({
      provider: "openai",
      model: "gpt-4o-mini",
    });
    expect(
      port.route({ kind: "text", model: "my-model", provider: "offline", prompt: "x" }),
    ).toEqual({ provider: "offline", model: "my-model" });
  });

  it("refuses a model nobody serves with AI_UNKNOWN_MODEL", () => {
    const port = createAIBatching({ providers });
    expect(() => port.route({ kind: "text", model: "no-such-model", prompt: "x" })).toThrow(
      expect.objectContaining({ code: "AI_UNKNOWN_MODEL" }),
    );
  });

  it("keeps the defaults inside each vendor's documented limits", () => {
    const limits = {
      anthropic: { requests: 100_000, bytes: 256 * 1024 * 1024 },
      openai: { requests: 50_000, bytes: 200 * 1024 * 1024 },
      google: { requests: Number.POSITIVE_INFINITY, bytes: 20 * 1024 * 1024 },
    };
    for (const [name, limit] of Object.entries(limits)) {
      const settings = DEFAULT_BATCH_GROUP_SETTINGS[name];
      expect(settings?.maxRequests).toBeLessThanOrEqual(limit.requests);
      expect(settings?.maxBytes).toBeLessThan(limit.bytes);
    }
  });

  it("merges group settings: provider over the defaults, provider:model over the provider", () => {
    const port = createAIBatching({
      providers,
      groups: { openai: { maxRequests: 7 }, "openai:gpt-4o": { maxDelayMs: 9 } },
    });
    expect(port.settings({ provider: "openai", model: "gpt-4o-mini" })).toEqual({
      ...DEFAULT_BATCH_GROUP_SETTINGS.openai,
      maxRequests: 7,
    });
    expect(port.settings({ provider: "openai", model: "gpt-4o" })).toEqual({
      ...DEFAULT_BATCH_GROUP_SETTINGS.openai,
      maxRequests: 7,
      maxDelayMs: 9,
    });
    expect(port.settings({ provider: "offline", model: "offline-text" })).toEqual(
      FALLBACK_BATCH_GROUP_SETTINGS,
    );
  });

  it("submits with the custom ids, reports the status and prices the results (offline)", async () => {
    const port = createAIBatching({ providers });
    const group = { provider: "offline", model: "offline-embed" };
    const { providerBatchId, metadata } = await port.submit(group, [
      { customId: "req-a", spec: { kind: "embedding", model: "offline-embed", prompt: "alpha" } },
      { customId: "req-b", spec: { kind: "embedding", model: "offline-embed", prompt: "beta" } },
    ]);
    const ref = { ...group, providerBatchId, metadata };
    expect((await port.status(ref)).status).toBe("completed");
    const results = await port.results(ref);
    expect(results.map((r) => [r.customId, r.status, Array.isArray(r.value)])).toEqual(
      expect.arrayContaining([
        ["req-a", "succeeded", true],
        ["req-b", "succeeded", true],
      ]),
    );
    expect(results).toHaveLength(2);
  });
});
