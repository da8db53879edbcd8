import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.doUnmock("@google/genai");
  vi.resetModules();
});

describe("googleProvider without @google/genai", () => {
  it("rejects with GoogleSdkMissingError naming the package, only when constructing", async () => {
    vi.resetModules();
    vi.doMock("@google/genai", () => {
      throw new Error("Cannot find package '@google/genai'");
    });
    const { googleProvider, GoogleSdkMissingError } = await import("../src/index");
    const provider = googleProvider({ apiKey: "test", baseURL: "http://127.0.0.1:9" });
    const error = await provider.generateText({ model: "m", prompt: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoogleSdkMissingError);
    expect(error).toMatchObject({
      code: "AI_PROVIDER_NOT_CONFIGURED",
      packageName: "@google/genai",
      retryable: false,
    });
    expect((error as Error).message).toContain("npm i @google/genai");
  });
});
