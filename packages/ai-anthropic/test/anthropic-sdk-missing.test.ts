import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.doUnmock("@anthropic-ai/sdk");
  vi.resetModules();
});

describe("anthropicProvider without @anthropic-ai/sdk", () => {
  it("rejects with AnthropicSdkMissingError naming the package, only when constructing", async () => {
    vi.resetModules();
    vi.doMock("@anthropic-ai/sdk", () => {
      throw new Error("Cannot find package '@anthropic-ai/sdk'");
    });
    const { anthropicProvider, AnthropicSdkMissingError } = await import("../src/index");
    const provider = anthropicProvider({ apiKey: "test", baseURL: "http://127.0.0.1:9" });
    const error = await provider.generateText({ model: "m", prompt: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnthropicSdkMissingError);
    expect(error).toMatchObject({
      code: "AI_PROVIDER_NOT_CONFIGURED",
      packageName: "@anthropic-ai/sdk",
      retryable: false,
    });
    expect((error as Error).message).toContain("npm i @anthropic-ai/sdk");
  });
});
