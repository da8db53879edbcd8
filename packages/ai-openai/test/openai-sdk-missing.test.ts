import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.doUnmock("openai");
  vi.resetModules();
});

describe("openaiProvider without the openai package", () => {
  it("rejects with OpenAISdkMissingError naming the package, only when constructing", async () => {
    vi.resetModules();
    vi.doMock("openai", () => {
      throw new Error("Cannot find package 'openai'");
    });
    const { openaiProvider, OpenAISdkMissingError } = await import("../src/index");
    const provider = openaiProvider({ apiKey: "test", baseURL: "http://127.0.0.1:9/v1" });
    const error = await provider.generateText({ model: "m", prompt: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAISdkMissingError);
    expect((error as Error).message).toContain("npm i openai");
    expect(error).toMatchObject({
      code: "AI_PROVIDER_NOT_CONFIGURED",
      packageName: "openai",
      retryable: false,
    });
  });
});
