import {
  AIAuthenticationError,
  AIInvalidRequestError,
  AIRateLimitError,
  AIServerError,
} from "@stageflow/ai";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { openaiProvider } from "../src/index";
import { type FakeOpenAIServer, fakeEmbedding, startFakeOpenAIServer } from "./fake-openai-server";

let server: FakeOpenAIServer;
const client = () =>
  new OpenAI({ apiKey: "test", baseURL: server.url, maxRetries: 0, timeout: 5000 });

beforeAll(async () => {
  delete process.env.OPENAI_BASE_URL;
  server = await startFakeOpenAIServer({
    reply: (body) => (body.response_format ? '{"title":"Hi","tags":["a"]}' : "hello back"),
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe("openaiProvider text and objects", () => {
  it("generates text with system prompt, limits and usage", async () => {
    const provider = openaiProvider({ client: client() });
    const response = await provider.generateText({
      model: "gpt-4o-mini",
      prompt: "hello",
      system: "be brief",
      maxTokens: 50,
      temperature: 0.2,
    });
    expect(response).toEqual({
      text: "hello back",
      inputTokens: 5,
      outputTokens: 10,
      finishReason: "stop",
    });
    const [request] = server.requests;
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.headers.authorization).toBe("Bearer test");
    expect(request?.body).toEqual({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "hello" },
      ],
      max_completion_tokens: 50,
      temperature: 0.2,
    });
  });

  it("sends a strict json_schema and returns the JSON text", async () => {
    const jsonSchema = z.toJSONSchema(z.object({ title: z.string(), tags: z.array(z.string()) }));
    const provider = openaiProvider({ client: client() });
    const response = await provider.generateObject({
      model: "gpt-4o-mini",
      prompt: "make a post",
      jsonSchema,
      schemaName: "blog post",
    });
    expect(JSON.parse(response.text)).toEqual({ title: "Hi", tags: ["a"] });
    const { $schema: _dialect, ...schema } = jsonSchema;
    expect(
      (server.requests[0]?.body as Record<string, unknown> | undefined)?.response_format,
    ).toEqual({
      type: "json_schema",
      json_schema: { name: "blog_post", strict: true, schema },
    });
  });
});

describe("openaiProvider embeddings", () => {
  it("decodes the SDK's default base64 Float32 embeddings in request order", async () => {
    const provider = openaiProvider({ client: client() });
    const response = await provider.embed({
      model: "text-embedding-3-small",
      texts: ["ab", "abcdef"],
    });
    expect(response).toEqual({
      vectors: [fakeEmbedding("ab"), fakeEmbedding("abcdef")],
      inputTokens: 8,
    });
    expect(server.requests[0]?.body).toMatchObject({
      encoding_format: "base64",
      input: ["ab", "abcdef"],
    });
  });

  it("forwards dimensions", async () => {
    const provider = openaiProvider({ client: client() });
    const response = await provider.embed({
      model: "text-embedding-3-small",
      texts: ["x"],
      dimensions: 5,
    });
    expect(response.vectors).toEqual([fakeEmbedding("x", 5)]);
    expect(server.requests[0]?.body).toMatchObject({ dimensions: 5 });
  });
});

describe("openaiProvider errors", () => {
  const provider = () => openaiProvider({ client: client() });
  const request = { model: "gpt-4o-mini", prompt: "x" };

  it("maps 429 to a retryable rate-limit error with retryAfterMs", async () => {
    server.failNext({ status: 429, message: "slow down", headers: { "retry-after": "2" } });
    const error = await provider()
      .generateText(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AIRateLimitError);
    expect(error).toMatchObject({
      code: "AI_RATE_LIMITED",
      provider: "openai",
      status: 429,
      retryable: true,
      retryAfterMs: 2000,
    });
    expect((error as Error).message).toContain("slow down");
  });

  it("prefers retry-after-ms", async () => {
    server.failNext({ status: 429, headers: { "retry-after-ms": "150", "retry-after": "9" } });
    await expect(provider().generateText(request)).rejects.toMatchObject({ retryAfterMs: 150 });
  });

  it("maps 500 to a retryable server error", async () => {
    server.failNext({ status: 500, message: "boom" });
    const error = await provider()
      .generateText(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AIServerError);
    expect(error).toMatchObject({ code: "AI_SERVER_ERROR", status: 500, retryable: true });
  });

  it("maps 400 to a non-retryable invalid-request error", async () => {
    server.failNext({ status: 400, message: "bad schema" });
    const error = await provider()
      .generateText(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AIInvalidRequestError);
    expect(error).toMatchObject({ code: "AI_INVALID_REQUEST", status: 400, retryable: false });
  });

  it("maps 401 to an authentication error without leaking the key", async () => {
    const apiKey = "sk-secret-key-1234";
    server.failNext({ status: 401, message: `Incorrect API key provided: ${apiKey}` });
    const keyed = openaiProvider({ apiKey, baseURL: server.url, maxRetries: 0, timeout: 5000 });
    const error = await keyed.generateText(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AIAuthenticationError);
    expect(error).toMatchObject({ code: "AI_AUTHENTICATION_FAILED", retryable: false });
    expect((error as Error).message).not.toContain(apiKey);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${apiKey}`);
  });

  it("maps a connection failure to a retryable provider error", async () => {
    const down = openaiProvider({
      apiKey: "test",
      baseURL: "http://127.0.0.1:9/v1",
      maxRetries: 0,
      timeout: 5000,
    });
    await expect(down.generateText(request)).rejects.toMatchObject({
      code: "AI_PROVIDER_ERROR",
      retryable: true,
    });
  });

  it("passes the abort signal to the SDK", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      provider().generateText({ ...request, signal: controller.signal }),
    ).rejects.toMatchObject({
      code: "AI_PROVIDER_ERROR",
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe("openaiProvider construction", () => {
  it("constructs the SDK client from { apiKey, baseURL }", async () => {
    const provider = openaiProvider({
      apiKey: "test",
      baseURL: server.url,
      maxRetries: 0,
      timeout: 5000,
    });
    expect(provider.name).toBe("openai");
    await expect(provider.generateText({ model: "m", prompt: "ping" })).resolves.toMatchObject({
      text: "hello back",
    });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer test");
  });

  it("uses a given { client }", async () => {
    const provider = openaiProvider({ client: client() });
    await provider.generateText({ model: "m", prompt: "ping" });
    expect(server.requests).toHaveLength(1);
  });
});
