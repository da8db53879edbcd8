import { describe, expect, it } from "vitest";
import { fakeProvider } from "../../test/fake-provider";
import { ProviderPackageMissingError } from "../errors/provider-package-missing-error";
import { createAIHelper } from "./create-ai-helper";
import { providersFromEnv } from "./providers-from-env";

/** An importer serving fake provider packages, recording what it loads. */
function fakePackages() {
  const loaded: string[] = [];
  const seenEnv: unknown[] = [];
  const importProvider = async (name: string) => {
    loaded.push(name);
    const provider = name.replace("@stageflow/ai-", "");
    return {
      [`${provider}ProviderFromEnv`]: (env: unknown) => {
        seenEnv.push(env);
        const p = fakeProvider({ name: provider });
        p.answer({ text: `from ${provider}`, inputTokens: 1, outputTokens: 1 });
        return p;
      },
    };
  };
  return { loaded, seenEnv, importProvider };
}

describe("providersFromEnv", () => {
  it("creates the providers whose key is set (not blank), from their packages", async () => {
    const packages = fakePackages();
    const env = { OPENAI_API_KEY: "k1", GOOGLE_API_KEY: "k2", ANTHROPIC_API_KEY: " " };
    const providers = await providersFromEnv({ env, importProvider: packages.importProvider });
    expect(providers.map((p) => p.name)).toEqual(["openai", "google"]);
    expect(packages.loaded).toEqual(["@stageflow/ai-openai", "@stageflow/ai-google"]);
    expect(packages.seenEnv).toEqual([env, env]);
  });

  it("names the variable and the package when the package cannot be loaded", async () => {
    const error = await providersFromEnv({
      env: { GEMINI_API_KEY: "k" },
      importProvider: () => Promise.reject(new Error("Cannot find package")),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderPackageMissingError);
    expect(error).toMatchObject({ code: "AI_PROVIDER_NOT_CONFIGURED", provider: "google" });
    expect((error as Error).message).toContain("GEMINI_API_KEY is set, but @stageflow/ai-google");
    expect((error as Error).message).toContain("Cannot find package");
  });
});

describe("createAIHelper without providers", () => {
  it("loads the environment's providers once, on the first call", async () => {
    const packages = fakePackages();
    const ai = createAIHelper("t", undefined, {
      env: { ANTHROPIC_API_KEY: "k" },
      importProvider: packages.importProvider,
    });
    expect(packages.loaded).toEqual([]);
    const batch = ai.batch("claude-haiku-4-5");
    expect(packages.loaded).toEqual([]);
    expect((await ai.generateText("claude-haiku-4-5", "x")).text).toBe("from anthropic");
    const handle = await batch.submit([{ id: "a", prompt: "x" }]);
    expect(handle).toMatchObject({ provider: "anthropic", model: "claude-haiku-4-5" });
    expect(packages.loaded).toEqual(["@stageflow/ai-anthropic"]);
  });
});
