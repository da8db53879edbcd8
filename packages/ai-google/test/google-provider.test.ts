import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { itMapsSdkErrors } from "../../ai/test/sdk-error-cases";
import { googleProvider } from "../src/index";
import { type FakeGoogleServer, fakeGoogleEmbedding } from "./fake-google-server";
import { googleProviderOn, startGoogleFake } from "./google-fixtures";

let server: FakeGoogleServer;
const provider = () => googleProviderOn(server);
type Body = Record<string, unknown>;

beforeAll(async () => {
  server = await startGoogleFake({ text: "hello back", json: '{"title":"Hi"}', thoughtsTokens: 4 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe("googleProvider text and objects", () => {
  it("generates text; output tokens include thinking tokens", async () => {
    const response = await provider().generateText({
      model: "gemini-2.5-flash",
      prompt: "hello",
      system: "be brief",
      maxTokens: 50,
      temperature: 0.2,
    });
    expect(response).toEqual({
      text: "hello back",
      inputTokens: 5,
      outputTokens: 10 + 4,
      finishReason: "STOP",
    });
    const [request] = server.requests;
    expect(request?.path).toBe("/v1beta/models/gemini-2.5-flash:generateContent");
    expect(request?.headers["x-goog-api-key"]).toBe("test");
    expect(request?.body).toMatchObject({
      contents: [{ role: "user", parts: [{ text: "hello" }] }],
      systemInstruction: { parts: [{ text: "be brief" }] },
      generationConfig: { maxOutputTokens: 50, temperature: 0.2 },
    });
  });

  it("asks for JSON with responseJsonSchema and returns the JSON text", async () => {
    const jsonSchema = z.toJSONSchema(z.object({ title: z.string() }));
    const response = await provider().generateObject({
      model: "gemini-2.5-flash",
      prompt: "make a post",
      jsonSchema,
      schemaName: "post",
    });
    expect(JSON.parse(response.text)).toEqual({ title: "Hi" });
    const { $schema: _dialect, ...schema } = jsonSchema;
    expect(((server.requests[0]?.body ?? {}) as Body).generationConfig).toEqual({
      responseMimeType: "application/json",
      responseJsonSchema: schema,
    });
  });
});

describe("googleProvider embeddings", () => {
  it("embeds several texts through batchEmbedContents", async () => {
    const response = await provider().embed({
      model: "gemini-embedding-001",
      texts: ["ab", "abcdef"],
      dimensions: 4,
    });
    expect(response).toEqual({
      vectors: [fakeGoogleEmbedding("ab", 4), fakeGoogleEmbedding("abcdef", 4)],
      inputTokens: 0,
    });
    const [request] = server.requests;
    expect(request?.path).toBe("/v1beta/models/gemini-embedding-001:batchEmbedContents");
    expect(request?.body).toMatchObject({
      requests: [
        { content: { parts: [{ text: "ab" }] }, outputDimensionality: 4 },
        { content: { parts: [{ text: "abcdef" }] }, outputDimensionality: 4 },
      ],
    });
  });
});

describe("googleProvider errors", () => {
  const request = { model: "gemini-2.5-flash", prompt: "x" };

  itMapsSdkErrors({
    name: "google",
    model: request.model,
    provider,
    withApiKey: (apiKey, host) =>
      googleProvider({
        apiKey,
        baseURL: host === "fake" ? server.url : "http://127.0.0.1:9",
        timeout: 5000,
      }),
    failNext: (status, message) => server.failNext({ status, message }),
    // RetryInfo in the error body: the SDK exposes no response headers.
    rateLimitNext: (message, seconds) =>
      server.failNext({ status: 429, message, retryDelay: `${seconds}s` }),
    // The SDK's message is the JSON error body; the provider reports its `message`.
    exactMessages: true,
    sentKeys: () => server.requests.map((r) => r.headers["x-goog-api-key"]),
    apiKey: "AIza-secret-1234",
    authStatus: 403,
  });
});

describe("googleProvider construction", () => {
  it("constructs the SDK client from { apiKey, baseURL } pinned to v1beta", async () => {
    const keyed = googleProvider({ apiKey: "test", baseURL: server.url, timeout: 5000 });
    expect(keyed.name).toBe("google");
    await expect(
      keyed.generateText({ model: "gemini-2.5-flash", prompt: "ping" }),
    ).resolves.toMatchObject({
      text: "hello back",
    });
    expect(server.requests[0]?.path).toBe("/v1beta/models/gemini-2.5-flash:generateContent");
    expect(server.requests[0]?.headers["x-goog-api-key"]).toBe("test");
  });

  it("uses a given { client }", async () => {
    await provider().generateText({ model: "gemini-2.5-flash", prompt: "ping" });
    expect(server.requests).toHaveLength(1);
  });
});
