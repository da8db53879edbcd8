import Anthropic from "@anthropic-ai/sdk";
import {
  AIAuthenticationError,
  AIInvalidRequestError,
  AIRateLimitError,
  AIServerError,
} from "@stageflow/ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { anthropicProvider } from "../src/index";
import { type FakeAnthropicServer, startFakeAnthropicServer } from "./fake-anthropic-server";

let server: FakeAnthropicServer;
const client = () =>
  new Anthropic({ apiKey: "test", baseURL: server.url, maxRetries: 0, timeout: 5000 });
const provider = () => anthropicProvider({ client: client() });

beforeAll(async () => {
  delete process.env.ANTHROPIC_BASE_URL;
  delete process.env.ANTHROPIC_CUSTOM_HEADERS;
  server = await startFakeAnthropicServer({
    reply: () => "hello back",
    toolInput: () => ({ title: "Hi", tags: ["a"] }),
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe("anthropicProvider text and objects", () => {
  it("generates text with system prompt, limits and usage", async () => {
    const response = await provider().generateText({
      model: "claude-haiku-4-5",
      prompt: "hello",
      system: "be brief",
      maxTokens: 50,
      temperature: 0.2,
    });
    expect(response).toEqual({
      text: "hello back",
      inputTokens: 5,
      outputTokens: 10,
      finishReason: "end_turn",
    });
    const [request] = server.requests;
    expect(request?.path).toBe("/v1/messages");
    expect(request?.headers.authorization).toBe("Bearer test");
    expect(request?.headers["anthropic-version"]).toBeTruthy();
    expect(request?.body).toEqual({
      model: "claude-haiku-4-5",
      max_tokens: 50,
      messages: [{ role: "user", content: "hello" }],
      system: "be brief",
      temperature: 0.2,
    });
  });

  it("defaults max_tokens", async () => {
    await provider().generateText({ model: "claude-haiku-4-5", prompt: "x" });
    expect(server.requests[0]?.body).toMatchObject({ max_tokens: 4096 });
  });

  it("forces a tool carrying the JSON Schema and returns its input as JSON text", async () => {
    const jsonSchema = z.toJSONSchema(z.object({ title: z.string(), tags: z.array(z.string()) }));
    const response = await provider().generateObject({
      model: "claude-haiku-4-5",
      prompt: "make a post",
      jsonSchema,
      schemaName: "blog post",
    });
    expect(JSON.parse(response.text)).toEqual({ title: "Hi", tags: ["a"] });
    expect(response).toMatchObject({ inputTokens: 11, outputTokens: 7, finishReason: "tool_use" });
    const { $schema: _dialect, ...schema } = jsonSchema;
    expect(server.requests[0]?.body).toMatchObject({
      tools: [{ name: "blog_post", input_schema: schema }],
      tool_choice: { type: "tool", name: "blog_post" },
    });
  });

  it("has no embeddings", () => {
    expect(provider().embed).toBeUndefined();
  });
});

describe("anthropicProvider errors", () => {
  const request = { model: "claude-haiku-4-5", prompt: "x" };

  it("maps 429 to a retryable rate-limit error with retryAfterMs", async () => {
    server.failNext({
      status: 429,
      type: "rate_limit_error",
      message: "slow down",
      headers: { "retry-after": "3" },
    });
    const error = await provider()
      .generateText(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AIRateLimitError);
    expect(error).toMatchObject({
      code: "AI_RATE_LIMITED",
      provider: "anthropic",
      status: 429,
      retryable: true,
      retryAfterMs: 3000,
    });
    expect((error as Error).message).toContain("slow down");
  });

  it("maps 500 and 529 (overloaded) to retryable server errors", async () => {
    server.failNext({ status: 500, message: "boom" });
    await expect(provider().generateText(request)).rejects.toBeInstanceOf(AIServerError);
    server.failNext({ status: 529, type: "overloaded_error", message: "overloaded" });
    const error = await provider()
      .generateText(request)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "AI_SERVER_ERROR", status: 529, retryable: true });
  });

  it("maps 400 to a non-retryable invalid-request error", async () => {
    server.failNext({ status: 400, type: "invalid_request_error", message: "bad tool" });
    const error = await provider()
      .generateText(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AIInvalidRequestError);
    expect(error).toMatchObject({ code: "AI_INVALID_REQUEST", status: 400, retryable: false });
  });

  it("maps 401 to an authentication error without leaking the key", async () => {
    const apiKey = "sk-ant-secret-1234";
    server.failNext({
      status: 401,
      type: "authentication_error",
      message: `invalid x-api-key ${apiKey}`,
    });
    const keyed = anthropicProvider({ apiKey, baseURL: server.url, maxRetries: 0, timeout: 5000 });
    const error = await keyed.generateText(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AIAuthenticationError);
    expect((error as Error).message).not.toContain(apiKey);
  });

  it("maps the SDK's client-side refusal of a huge max_tokens to a non-retryable error", async () => {
    const noTimeout = anthropicProvider({
      client: new Anthropic({ apiKey: "test", baseURL: server.url, maxRetries: 0 }),
    });
    const error = await noTimeout
      .generateText({ ...request, maxTokens: 100_000 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "AI_PROVIDER_ERROR", retryable: false });
    expect(server.requests).toHaveLength(0);
  });

  it("passes the abort signal to the SDK", async () => {
    const controller = new AbortController();
    controller.abort();
    const aborted = provider().generateText({ ...request, signal: controller.signal });
    await expect(aborted).rejects.toMatchObject({ code: "AI_PROVIDER_ERROR" });
    expect(server.requests).toHaveLength(0);
  });

  it("maps a connection failure to a retryable provider error", async () => {
    const down = anthropicProvider({
      apiKey: "test",
      baseURL: "http://127.0.0.1:9",
      maxRetries: 0,
      timeout: 5000,
    });
    await expect(down.generateText(request)).rejects.toMatchObject({
      code: "AI_PROVIDER_ERROR",
      retryable: true,
    });
  });
});

describe("anthropicProvider construction", () => {
  it("constructs the SDK client from { apiKey, baseURL } with an explicit timeout", async () => {
    const keyed = anthropicProvider({ apiKey: "test", baseURL: server.url, maxRetries: 0 });
    expect(keyed.name).toBe("anthropic");
    await expect(
      keyed.generateText({ model: "m", prompt: "ping", maxTokens: 64_000 }),
    ).resolves.toMatchObject({
      text: "hello back",
    });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer test");
  });

  it("uses a given { client }", async () => {
    await provider().generateText({ model: "m", prompt: "ping" });
    expect(server.requests).toHaveLength(1);
  });
});
