import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { itMapsSdkErrors } from "../../ai/test/sdk-error-cases";
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
      responseId: expect.stringMatching(/^chatcmpl-/),
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

  it("prefers retry-after-ms", async () => {
    server.failNext({ status: 429, headers: { "retry-after-ms": "150", "retry-after": "9" } });
    await expect(provider().generateText(request)).rejects.toMatchObject({ retryAfterMs: 150 });
  });

  itMapsSdkErrors({
    name: "openai",
    model: request.model,
    provider,
    withApiKey: (apiKey, host) =>
      openaiProvider({
        apiKey,
        baseURL: host === "fake" ? server.url : "http://127.0.0.1:9/v1",
        maxRetries: 0,
        timeout: 5000,
      }),
    failNext: (status, message) => server.failNext({ status, message }),
    rateLimitNext: (message, seconds) =>
      server.failNext({ status: 429, message, headers: { "retry-after": `${seconds}` } }),
    sentKeys: () =>
      server.requests.map((r) => /^Bearer (.+)$/.exec(`${r.headers.authorization}`)?.[1]),
    apiKey: "sk-secret-key-1234",
    authStatus: 401,
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
