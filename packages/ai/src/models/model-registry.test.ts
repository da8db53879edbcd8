import { describe, expect, it } from "vitest";
import { isAIError } from "../errors/ai-error";
import { UnknownModelError } from "../errors/unknown-model-error";
import { DEFAULT_MODELS } from "./default-models";
import { createModelRegistry, getModelForProvider } from "./model-registry";

describe("model registry", () => {
  it("holds the default price table", () => {
    const table = Object.fromEntries(
      DEFAULT_MODELS.map((m) => [
        m.id,
        [m.provider, m.kind, m.inputPricePerMillion, m.outputPricePerMillion],
      ]),
    );
    expect(table).toEqual({
      "claude-sonnet-5-5": ["anthropic", "chat", 2, 10],
      "claude-haiku-5-5": ["anthropic", "chat", 0.1, 0.5],
      "claude-sonnet-4-5": ["anthropic", "chat", 3, 15],
      "claude-sonnet-4-20250514": ["anthropic", "chat", 3, 15],
      "claude-haiku-4-5": ["anthropic", "chat", 1, 5],
      "gpt-4o": ["openai", "chat", 2.5, 10],
      "gpt-4o-mini": ["openai", "chat", 0.15, 0.6],
      "gpt-4.1": ["openai", "chat", 2, 8],
      "text-embedding-3-small": ["openai", "embedding", 0.02, 0],
      "text-embedding-3-large": ["openai", "embedding", 0.13, 0],
      "gemini-2.5-flash": ["google", "chat", 0.3, 2.5],
      "gemini-2.5-pro": ["google", "chat", 1.25, 10],
      "gemini-embedding-001": ["google", "embedding", 0.15, 0],
      "text-embedding-004": ["google", "embedding", 0.1, 0],
      "offline-text": ["offline", "chat", 0, 0],
      "offline-embed": ["offline", "embedding", 0, 0],
    });
  });

  it("overrides and adds models", () => {
    const registry = createModelRegistry([
      {
        id: "gpt-4o",
        provider: "openai",
        kind: "chat",
        inputPricePerMillion: 1,
        outputPricePerMillion: 4,
      },
      {
        id: "my-model",
        provider: "acme",
        kind: "chat",
        inputPricePerMillion: 5,
        outputPricePerMillion: 6,
      },
    ]);
    expect(registry.get("gpt-4o").inputPricePerMillion).toBe(1);
    expect(registry.get("my-model").provider).toBe("acme");
    expect(registry.list()).toHaveLength(DEFAULT_MODELS.length + 1);
    expect(createModelRegistry().get("gpt-4o").inputPricePerMillion).toBe(2.5);
  });

  it("throws a typed error listing the known ids for an unknown model", () => {
    const registry = createModelRegistry();
    const error = catchError(() => registry.get("gpt-5-turbo"));
    expect(error).toBeInstanceOf(UnknownModelError);
    expect(isAIError(error)).toBe(true);
    expect(error).toMatchObject({
      code: "AI_UNKNOWN_MODEL",
      name: "UnknownModelError",
      model: "gpt-5-turbo",
    });
    expect((error as UnknownModelError).knownModels).toContain("gpt-4o");
    expect((error as Error).message).toContain("claude-sonnet-5-5");
  });

  it("finds a model of a named provider, or lists that provider's models", () => {
    const registry = createModelRegistry();
    expect(getModelForProvider(registry, "gpt-4o", "openai").id).toBe("gpt-4o");
    const error = catchError(() => getModelForProvider(registry, "gpt-4o", "anthropic"));
    expect(error).toMatchObject({ code: "AI_UNKNOWN_MODEL", provider: "anthropic" });
    expect((error as UnknownModelError).knownModels).toEqual([
      "claude-sonnet-5-5",
      "claude-haiku-5-5",
      "claude-sonnet-4-5",
      "claude-sonnet-4-20250514",
      "claude-haiku-4-5",
    ]);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
