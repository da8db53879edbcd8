/**
 * AI helper edges through the real SDKs on the loopback fakes: providers taken from the
 * environment when `createAIHelper` gets none, empty keys refused at creation, connection errors
 * naming the host, and configured keys registered for redaction.
 */
import {
  createAIHelper,
  createInMemoryAICallLogger,
  MissingApiKeyError,
  ProviderNotConfiguredError,
} from "@stageflow/ai";
import { anthropicProvider, anthropicProviderFromEnv } from "@stageflow/ai-anthropic";
import { googleProvider, googleProviderFromEnv } from "@stageflow/ai-google";
import { openaiProvider, openaiProviderFromEnv } from "@stageflow/ai-openai";
import { redactText } from "@stageflow/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeAnthropicServer,
  startFakeAnthropicServer,
} from "../../../packages/ai-anthropic/test/fake-anthropic-server";
import {
  type FakeGoogleServer,
  startFakeGoogleServer,
} from "../../../packages/ai-google/test/fake-google-server";
import {
  type FakeOpenAIServer,
  startFakeOpenAIServer,
} from "../../../packages/ai-openai/test/fake-openai-server";

let anthropic: FakeAnthropicServer;
let openai: FakeOpenAIServer;
let google: FakeGoogleServer;

beforeAll(async () => {
  for (const name of [
    "ANTHROPIC_BASE_URL",
    "OPENAI_BASE_URL",
    "GOOGLE_GEMINI_BASE_URL",
    "GEMINI_API_KEY",
    "GOOGLE_API_KEY",
  ]) {
    delete process.env[name];
  }
  anthropic = await startFakeAnthropicServer({ reply: () => "from anthropic" });
  openai = await startFakeOpenAIServer({ reply: () => "from openai" });
  google = await startFakeGoogleServer({ reply: () => "from google" });
});
afterAll(async () => {
  await Promise.all([anthropic.close(), openai.close(), google.close()]);
});

const importProvider = (name: string) => import(name);

describe("createAIHelper without providers", () => {
  it("uses the providers whose keys are in the environment, through their SDKs", async () => {
    const env = {
      ANTHROPIC_API_KEY: "env-anthropic-key-1",
      ANTHROPIC_BASE_URL: anthropic.url,
      OPENAI_API_KEY: "env-openai-key-1",
      OPENAI_BASE_URL: openai.url,
      GOOGLE_API_KEY: "env-google-key-1",
      GOOGLE_GEMINI_BASE_URL: google.url,
    };
    const logger = createInMemoryAICallLogger();
    const ai = createAIHelper("env", logger, { env, importProvider });
    expect((await ai.generateText("claude-haiku-4-5", "hi")).text).toBe("from anthropic");
    expect((await ai.generateText("gpt-4o-mini", "hi")).text).toBe("from openai");
    expect((await ai.generateText("gemini-2.5-flash", "hi")).text).toBe("from google");
    expect(logger.records.map((r) => r.provider)).toEqual(["anthropic", "openai", "google"]);
    expect(JSON.stringify(anthropic.requests.at(-1)?.headers)).toContain("env-anthropic-key-1");
    expect(google.requests.at(-1)?.headers["x-goog-api-key"]).toBe("env-google-key-1");
    // The keys the providers were created with are redacted from whatever Stageflow stores.
    expect(redactText("key env-openai-key-1 leaked")).toBe("key [redacted] leaked");
  });

  it("prefers GEMINI_API_KEY, and leaves out providers whose key is unset or blank", async () => {
    const env = {
      GEMINI_API_KEY: "env-gemini-key-2",
      GOOGLE_API_KEY: "env-google-key-2",
      GOOGLE_GEMINI_BASE_URL: google.url,
      ANTHROPIC_API_KEY: "   ",
    };
    const ai = createAIHelper("env", undefined, { env, importProvider });
    await ai.generateText("gemini-2.5-flash", "hi");
    expect(google.requests.at(-1)?.headers["x-goog-api-key"]).toBe("env-gemini-key-2");
    const error = await ai.generateText("claude-haiku-4-5", "hi").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderNotConfiguredError);
    expect(error).toMatchObject({ provider: "anthropic" });
  });

  it("opens a batch of an environment provider on first use", async () => {
    const env = { OPENAI_API_KEY: "env-openai-key-3", OPENAI_BASE_URL: openai.url };
    const ai = createAIHelper("env", undefined, { env, importProvider });
    const handle = await ai.batch("gpt-4o-mini").submit([{ id: "a", prompt: "hi" }]);
    expect(handle).toMatchObject({ provider: "openai", model: "gpt-4o-mini" });
  });
});

describe("provider factories", () => {
  it.each([
    ["anthropic", () => anthropicProvider({ apiKey: "" })],
    ["openai", () => openaiProvider({ apiKey: "  " })],
    ["google", () => googleProvider({ apiKey: undefined as unknown as string })],
  ])("%s refuses an empty key when it is created", (provider, create) => {
    let caught: unknown;
    try {
      create();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MissingApiKeyError);
    expect(caught).toMatchObject({ code: "AI_MISSING_API_KEY", provider, retryable: false });
  });

  it("create nothing from an environment without a key", () => {
    expect(anthropicProviderFromEnv({})).toBeUndefined();
    expect(openaiProviderFromEnv({ OPENAI_API_KEY: "" })).toBeUndefined();
    expect(googleProviderFromEnv({ GOOGLE_API_KEY: " " })).toBeUndefined();
  });

  it.each([
    ["anthropic", "claude-haiku-4-5"],
    ["openai", "gpt-4o-mini"],
    ["google", "gemini-2.5-flash"],
  ])("%s names the host it tried when it cannot connect", async (name, model) => {
    const baseURL = "http://127.0.0.1:9";
    const provider =
      name === "anthropic"
        ? anthropicProvider({ apiKey: "k-unreachable", baseURL, maxRetries: 0 })
        : name === "openai"
          ? openaiProvider({ apiKey: "k-unreachable", baseURL, maxRetries: 0 })
          : googleProvider({ apiKey: "k-unreachable", baseURL });
    const error = await provider.generateText({ model, prompt: "hi" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: true });
    expect((error as Error).message).toContain("127.0.0.1:9");
  });
});
