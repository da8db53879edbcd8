import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { itMapsSdkErrors } from "../../ai/test/sdk-error-cases";
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
      responseId: expect.stringMatching(/^msg_/),
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

/** Anthropic's error `type` per status, as the API would send it. */
const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  500: "api_error",
};

describe("anthropicProvider errors", () => {
  const request = { model: "claude-haiku-4-5", prompt: "x" };

  it("maps 529 (overloaded) to a retryable server error", async () => {
    server.failNext({ status: 529, type: "overloaded_error", message: "overloaded" });
    const error = await provider()
      .generateText(request)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "AIServerError",
      code: "AI_SERVER_ERROR",
      status: 529,
      retryable: true,
    });
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

  itMapsSdkErrors({
    name: "anthropic",
    model: request.model,
    provider,
    withApiKey: (apiKey, host) =>
      anthropicProvider({
        apiKey,
        baseURL: host === "fake" ? server.url : "http://127.0.0.1:9",
        maxRetries: 0,
        timeout: 5000,
      }),
    failNext: (status, message) => server.failNext({ status, message, type: ERROR_TYPES[status] }),
    rateLimitNext: (message, seconds) =>
      server.failNext({
        status: 429,
        type: "rate_limit_error",
        message,
        headers: { "retry-after": `${seconds}` },
      }),
    // SDK 1.x sends `Authorization: Bearer`; 0.x sent `X-Api-Key`.
    sentKeys: () =>
      server.requests.map(
        (r) => /^Bearer (.+)$/.exec(`${r.headers.authorization}`)?.[1] ?? r.headers["x-api-key"],
      ),
    apiKey: "sk-ant-secret-1234",
    authStatus: 401,
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
