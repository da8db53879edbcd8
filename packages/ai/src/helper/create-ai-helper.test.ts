import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fakeProvider } from "../../test/fake-provider";
import { isAIError } from "../errors/ai-error";
import { mapHttpStatusToAIError } from "../errors/map-http-status-to-ai-error";
import { ProviderNotConfiguredError } from "../errors/provider-not-configured-error";
import { StructuredOutputError } from "../errors/structured-output-error";
import { UnknownModelError } from "../errors/unknown-model-error";
import { UnsupportedCapabilityError } from "../errors/unsupported-capability-error";
import { createInMemoryAICallLogger } from "../logging/in-memory-ai-call-logger";
import { createAIHelper } from "./create-ai-helper";

const clock = () => new Date("2026-01-01T00:00:00Z");

describe("generateText", () => {
  it("returns text, tokens and cost, and logs the call", async () => {
    const openai = fakeProvider();
    openai.answer({ text: "Hello", inputTokens: 1000, outputTokens: 500 });
    const logger = createInMemoryAICallLogger();
    const ai = createAIHelper("greet", logger, { providers: [openai], now: clock });
    const result = await ai.generateText("gpt-4o", "Say hello", {
      system: "Be brief",
      maxTokens: 50,
    });
    expect(result).toEqual({ text: "Hello", inputTokens: 1000, outputTokens: 500, cost: 0.0075 });
    expect(openai.textRequests).toEqual([
      { model: "gpt-4o", prompt: "Say hello", system: "Be brief", maxTokens: 50 },
    ]);
    expect(logger.records).toEqual([
      {
        topic: "greet",
        provider: "openai",
        model: "gpt-4o",
        kind: "text",
        inputTokens: 1000,
        outputTokens: 500,
        cost: 0.0075,
        batch: false,
        status: "succeeded",
        durationMs: 0,
        createdAt: clock(),
      },
    ]);
  });

  it("logs a failed call and rethrows the provider's error", async () => {
    const openai = fakeProvider();
    openai.answer(mapHttpStatusToAIError("openai", 429, "Rate limited"));
    const logger = createInMemoryAICallLogger();
    const ai = createAIHelper("t", logger, { providers: [openai] });
    await expect(ai.generateText("gpt-4o", "x")).rejects.toMatchObject({ code: "AI_RATE_LIMITED" });
    expect(logger.records[0]).toMatchObject({ status: "failed", error: "Rate limited", cost: 0 });
  });

  it("refuses an embedding model", async () => {
    const ai = createAIHelper("t", undefined, { providers: [fakeProvider()] });
    await expect(ai.generateText("text-embedding-3-small", "x")).rejects.toBeInstanceOf(
      UnsupportedCapabilityError,
    );
  });
});

describe("model and provider resolution", () => {
  it("rejects an unknown model whose vendor it cannot tell, with the known ids", async () => {
    const providers = [fakeProvider(), fakeProvider({ name: "anthropic" })];
    const ai = createAIHelper("t", undefined, { providers });
    const error = await ai.generateText("mystery-7", "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownModelError);
    expect((error as Error).message).toContain("gpt-4o-mini");
  });

  it("calls a model the price table does not know, recording its cost as unknown, warning once", async () => {
    const openai = fakeProvider();
    openai.answer({ text: "a", inputTokens: 10, outputTokens: 5 });
    openai.answer({ text: "b", inputTokens: 10, outputTokens: 5 });
    const warnings: string[] = [];
    const logger = createInMemoryAICallLogger();
    const ai = createAIHelper("t", logger, {
      providers: [openai, fakeProvider({ name: "anthropic" })],
      onWarning: (message) => warnings.push(message),
    });
    expect(await ai.generateText("gpt-7", "x")).toMatchObject({ text: "a", cost: 0 });
    expect(await ai.generateText("gpt-7", "y")).toMatchObject({ text: "b", cost: 0 });
    expect(openai.textRequests.map((r) => r.model)).toEqual(["gpt-7", "gpt-7"]);
    expect(logger.records.map((r) => [r.provider, r.model, r.cost, r.costUnknown])).toEqual([
      ["openai", "gpt-7", 0, true],
      ["openai", "gpt-7", 0, true],
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"gpt-7"');
  });

  it("knows the model ids of the reference documents, with prices", async () => {
    const anthropic = fakeProvider({ name: "anthropic" });
    anthropic.answer({ text: "a", inputTokens: 1_000_000, outputTokens: 1_000_000 });
    const warnings: string[] = [];
    const ai = createAIHelper("t", undefined, {
      providers: [anthropic],
      onWarning: (message) => warnings.push(message),
    });
    expect((await ai.generateText("claude-sonnet-4-20250514", "x")).cost).toBe(18);
    expect(ai.models.get("text-embedding-004")).toMatchObject({
      provider: "google",
      kind: "embedding",
    });
    expect(warnings).toEqual([]);
  });

  it("names the package and factory of a missing provider", async () => {
    const ai = createAIHelper("t", undefined, { providers: [fakeProvider()] });
    const error = await ai.generateText("claude-sonnet-4-5", "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderNotConfiguredError);
    expect(error).toMatchObject({ code: "AI_PROVIDER_NOT_CONFIGURED", provider: "anthropic" });
    expect((error as Error).message).toContain(
      "Install @stageflow/ai-anthropic and pass anthropicProvider({ apiKey }) in providers",
    );
    const google = await createAIHelper("t")
      .generateText("gemini-2.5-flash", "x")
      .catch((e) => e);
    expect((google as Error).message).toContain(
      "Install @stageflow/ai-google and pass googleProvider({ apiKey })",
    );
  });

  it("routes by the key of a providers object and accepts custom models", async () => {
    const acme = fakeProvider({ name: "whatever" });
    acme.answer({ text: "hi", inputTokens: 2_000_000, outputTokens: 0 });
    const ai = createAIHelper("t", undefined, {
      providers: { acme },
      models: [
        {
          id: "acme-1",
          provider: "acme",
          kind: "chat",
          inputPricePerMillion: 0.5,
          outputPricePerMillion: 1,
        },
      ],
    });
    expect(await ai.generateText("acme-1", "x")).toMatchObject({ text: "hi", cost: 1 });
  });
});

describe("generateObject", () => {
  const Person = z
    .object({ name: z.string(), age: z.number().int().min(0) })
    .meta({ title: "Person" });

  it("sends z.toJSONSchema(schema) and returns the validated object", async () => {
    const openai = fakeProvider();
    openai.answer({ text: '{"name":"Ada","age":36}', inputTokens: 10, outputTokens: 8 });
    const ai = createAIHelper("t", undefined, { providers: [openai] });
    const result = await ai.generateObject("gpt-4o-mini", "Who?", Person, { temperature: 0 });
    expect(result).toEqual({
      object: { name: "Ada", age: 36 },
      inputTokens: 10,
      outputTokens: 8,
      cost: 0.0000063,
    });
    expect(openai.objectRequests[0]).toEqual({
      model: "gpt-4o-mini",
      prompt: "Who?",
      temperature: 0,
      jsonSchema: z.toJSONSchema(Person),
      schemaName: "Person",
    });
  });

  it("accepts JSON inside a Markdown code fence", async () => {
    const openai = fakeProvider();
    openai.answer({
      text: '```json\n{"name":"Ada","age":1}\n```',
      inputTokens: 1,
      outputTokens: 1,
    });
    const ai = createAIHelper("t", undefined, { providers: [openai] });
    expect((await ai.generateObject("gpt-4o", "Who?", Person)).object).toEqual({
      name: "Ada",
      age: 1,
    });
  });

  it("throws StructuredOutputError with the raw text when the output is not JSON", async () => {
    const openai = fakeProvider();
    openai.answer({ text: "Sure! Ada, 36.", inputTokens: 100, outputTokens: 10 });
    const logger = createInMemoryAICallLogger();
    const ai = createAIHelper("t", logger, { providers: [openai] });
    const error = await ai.generateObject("gpt-4o", "Who?", Person).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect(error).toMatchObject({
      code: "AI_STRUCTURED_OUTPUT_INVALID",
      rawText: "Sure! Ada, 36.",
      issues: [],
      retryable: true,
      inputTokens: 100,
      outputTokens: 10,
      cost: 0.00035,
    });
    expect(logger.records[0]).toMatchObject({ status: "failed", kind: "object", cost: 0.00035 });
  });

  it("throws StructuredOutputError with the zod issues on a schema mismatch", async () => {
    const openai = fakeProvider();
    openai.answer({ text: '{"name":"Ada","age":-1}', inputTokens: 1, outputTokens: 1 });
    const ai = createAIHelper("t", undefined, { providers: [openai] });
    const error = (await ai
      .generateObject("gpt-4o", "Who?", Person)
      .catch((e) => e)) as StructuredOutputError;
    expect(isAIError(error)).toBe(true);
    expect(error.rawText).toBe('{"name":"Ada","age":-1}');
    expect(error.issues[0]).toMatchObject({ code: "too_small", path: ["age"] });
    expect(error.message).toContain("age");
  });

  it("rejects a schema JSON Schema cannot express before calling the provider", async () => {
    const openai = fakeProvider();
    const ai = createAIHelper("t", undefined, { providers: [openai] });
    const error = await ai
      .generateObject("gpt-4o", "When?", z.object({ at: z.date() }))
      .catch((e) => e);
    expect(error).toMatchObject({ code: "AI_UNSUPPORTED_CAPABILITY", capability: "json-schema" });
    expect(openai.objectRequests).toHaveLength(0);
  });
});

describe("embed", () => {
  it("returns one embedding for a text and several for an array", async () => {
    const openai = fakeProvider();
    const ai = createAIHelper("t", undefined, { providers: [openai] });
    expect(await ai.embed("text-embedding-3-small", "hello", { dimensions: 2 })).toEqual({
      embedding: [0, 1],
      inputTokens: 10,
      cost: 0.0000002,
    });
    expect(await ai.embed("text-embedding-3-large", ["a", "b"])).toEqual({
      embeddings: [
        [0, 1],
        [1, 1],
      ],
      inputTokens: 20,
      cost: 0.0000026,
    });
    expect(openai.embedRequests[0]).toEqual({
      model: "text-embedding-3-small",
      texts: ["hello"],
      dimensions: 2,
    });
  });

  it("fails with UnsupportedCapabilityError on a provider without embeddings or a chat model", async () => {
    const ai = createAIHelper("t", undefined, {
      providers: [fakeProvider({ noEmbed: true }), fakeProvider({ name: "anthropic" })],
      models: [
        {
          id: "emb",
          provider: "openai",
          kind: "embedding",
          inputPricePerMillion: 0,
          outputPricePerMillion: 0,
        },
      ],
    });
    await expect(ai.embed("emb", "x")).rejects.toMatchObject({ capability: "embedding" });
    await expect(ai.embed("claude-haiku-4-5", "x")).rejects.toBeInstanceOf(
      UnsupportedCapabilityError,
    );
  });
});

describe("getStats", () => {
  it("asks the logger for every call under the helper's topic prefix", async () => {
    const logger = createInMemoryAICallLogger();
    const openai = fakeProvider();
    openai.answer(
      { text: "a", inputTokens: 1_000_000, outputTokens: 0 },
      { text: "b", inputTokens: 1_000_000, outputTokens: 0 },
      { text: "c", inputTokens: 1_000_000, outputTokens: 0 },
    );
    const parent = createAIHelper("run-1", logger, { providers: [openai] });
    const child = createAIHelper("run-1.summarize", logger, { providers: [openai] });
    const other = createAIHelper("run-2", logger, { providers: [openai] });
    await parent.generateText("gpt-4o", "x");
    await child.generateText("gpt-4o", "x");
    await other.generateText("gpt-4o", "x");
    expect(await parent.getStats()).toEqual({
      calls: 2,
      failedCalls: 0,
      inputTokens: 2_000_000,
      outputTokens: 0,
      totalTokens: 2_000_000,
      cost: 5,
    });
    expect((await child.getStats()).calls).toBe(1);
  });

  it("falls back to what the helper recorded when the logger cannot aggregate", async () => {
    const seen: string[] = [];
    const openai = fakeProvider();
    openai.answer({ text: "a", inputTokens: 10, outputTokens: 10 });
    const ai = createAIHelper(
      "t",
      { logCall: (r) => void seen.push(r.model) },
      { providers: [openai] },
    );
    await ai.generateText("gpt-4o", "x");
    expect(await ai.getStats()).toMatchObject({ calls: 1, totalTokens: 20, cost: 0.000125 });
    expect(seen).toEqual(["gpt-4o"]);
    expect((await createAIHelper("none").getStats()).calls).toBe(0);
  });

  it("returns the result even when the logger throws, and reports the failure", async () => {
    const failures: unknown[] = [];
    const ai = createAIHelper(
      "t",
      {
        logCall: () => {
          throw new Error("db down");
        },
      },
      { providers: [fakeProvider()], onLogError: (e) => failures.push(e) },
    );
    expect((await ai.generateText("gpt-4o", "x")).text).toBe("ok");
    expect(failures).toHaveLength(1);
  });
});
