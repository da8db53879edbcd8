import { GoogleGenAI } from "@google/genai";
import {
  AIAuthenticationError,
  AIInvalidRequestError,
  AIRateLimitError,
  AIServerError,
} from "@stageflow/ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { googleProvider } from "../src/index";
import {
  type FakeGoogleServer,
  fakeGoogleEmbedding,
  startFakeGoogleServer,
} from "./fake-google-server";
import { clearGoogleEnv } from "./google-env";

let server: FakeGoogleServer;
const client = () =>
  new GoogleGenAI({
    apiKey: "test",
    apiVersion: "v1beta",
    httpOptions: { baseUrl: server.url, timeout: 5000 },
  });
const provider = () => googleProvider({ client: client() });
type Body = Record<string, unknown>;

beforeAll(async () => {
  clearGoogleEnv();
  server = await startFakeGoogleServer({
    reply: (body) =>
      (body.generationConfig as Body | undefined)?.responseMimeType
        ? '{"title":"Hi"}'
        : "hello back",
    thoughtsTokens: 4,
  });
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

  it("maps 429 to a retryable rate-limit error with retryAfterMs from RetryInfo", async () => {
    server.failNext({ status: 429, message: "quota exceeded", retryDelay: "2s" });
    const error = await provider()
      .generateText(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AIRateLimitError);
    expect(error).toMatchObject({
      code: "AI_RATE_LIMITED",
      provider: "google",
      status: 429,
      retryable: true,
      retryAfterMs: 2000,
      message: "quota exceeded",
    });
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

  it("maps 403 to an authentication error without leaking the key", async () => {
    const apiKey = "AIza-secret-1234";
    server.failNext({ status: 403, message: `API key ${apiKey} not valid` });
    const keyed = googleProvider({ apiKey, baseURL: server.url, timeout: 5000 });
    const error = await keyed.generateText(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AIAuthenticationError);
    expect((error as Error).message).not.toContain(apiKey);
  });

  it("passes the abort signal to the SDK", async () => {
    const controller = new AbortController();
    controller.abort();
    const aborted = provider().generateText({ ...request, signal: controller.signal });
    await expect(aborted).rejects.toMatchObject({ code: "AI_PROVIDER_ERROR" });
    expect(server.requests).toHaveLength(0);
  });

  it("maps a connection failure to a retryable provider error", async () => {
    const down = googleProvider({ apiKey: "test", baseURL: "http://127.0.0.1:9", timeout: 5000 });
    await expect(down.generateText(request)).rejects.toMatchObject({
      code: "AI_PROVIDER_ERROR",
      retryable: true,
    });
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
