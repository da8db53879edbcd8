import { describe, expect, it } from "vitest";
import { AIInvalidRequestError } from "./ai-provider-error";
import { BatchNotFoundError } from "./batch-errors";
import { mapSdkError } from "./map-sdk-error";

/** What an SDK such as `openai` or `@anthropic-ai/sdk` throws for an HTTP error. */
class FakeApiError extends Error {
  constructor(
    readonly status: number | undefined,
    message: string,
    readonly headers?: Headers | Record<string, string>,
  ) {
    super(message);
  }
}

describe("mapSdkError", () => {
  it.each([
    [429, "AI_RATE_LIMITED", true],
    [401, "AI_AUTHENTICATION_FAILED", false],
    [403, "AI_AUTHENTICATION_FAILED", false],
    [400, "AI_INVALID_REQUEST", false],
    [404, "AI_INVALID_REQUEST", false],
    [500, "AI_SERVER_ERROR", true],
    [529, "AI_SERVER_ERROR", true],
  ])("maps an SDK error with status %s to %s", (status, code, retryable) => {
    const cause = new FakeApiError(status, "nope");
    const error = mapSdkError("openai", cause);
    expect(error).toMatchObject({ code, retryable, status, provider: "openai", message: "nope" });
    expect(error.cause).toBe(cause);
  });

  it("maps an error without a status (connection failure, timeout) to a retryable one", () => {
    expect(mapSdkError("google", new TypeError("fetch failed"))).toMatchObject({
      code: "AI_PROVIDER_ERROR",
      retryable: true,
      status: undefined,
      message: "fetch failed",
    });
    expect(mapSdkError("google", "socket hang up")).toMatchObject({
      code: "AI_PROVIDER_ERROR",
      message: "socket hang up",
    });
  });

  it("reads retryAfterMs from a headers object or record", () => {
    const fetchHeaders = new FakeApiError(429, "slow", new Headers({ "retry-after": "2" }));
    expect(mapSdkError("openai", fetchHeaders)).toMatchObject({ retryAfterMs: 2000 });
    const record = new FakeApiError(429, "slow", { "retry-after-ms": "150", "retry-after": "9" });
    expect(mapSdkError("openai", record)).toMatchObject({ retryAfterMs: 150 });
    expect(mapSdkError("openai", new FakeApiError(429, "slow"))).toMatchObject({
      retryAfterMs: undefined,
    });
  });

  it("scrubs the API key, and anything that looks like a credential, from the message", () => {
    const apiKey = "gsk-short-1234";
    const error = mapSdkError(
      "openai",
      new FakeApiError(401, `bad key ${apiKey}; sent Authorization: Bearer abcdefgh12345678`),
      { apiKey },
    );
    expect(error.message).not.toContain(apiKey);
    expect(error.message).not.toContain("abcdefgh12345678");
    expect(error.message).toContain("bad key [redacted]");
    // A key too short to scrub safely is left to the pattern-based redaction.
    expect(mapSdkError("openai", new Error("x abc y"), { apiKey: "abc" }).message).toBe("x abc y");
  });

  it("passes typed AI errors through unchanged", () => {
    const typed = new AIInvalidRequestError("openai", "no ids");
    expect(mapSdkError("openai", typed, { batchId: "b1" })).toBe(typed);
  });

  it("maps a 404 to BatchNotFoundError only for a call about a batch", () => {
    const notFound = new FakeApiError(404, "no such batch");
    const error = mapSdkError("anthropic", notFound, { batchId: "msgbatch_1" });
    expect(error).toBeInstanceOf(BatchNotFoundError);
    expect(error).toMatchObject({
      code: "AI_BATCH_NOT_FOUND",
      provider: "anthropic",
      batchId: "msgbatch_1",
      retryable: false,
    });
    expect(error.cause).toBe(notFound);
    expect(mapSdkError("anthropic", notFound)).toMatchObject({ code: "AI_INVALID_REQUEST" });
    expect(mapSdkError("anthropic", new FakeApiError(500, "down"), { batchId: "b" })).toMatchObject(
      { code: "AI_SERVER_ERROR" },
    );
  });

  it("makes a client-side refusal without a status non-retryable", () => {
    const refusal = Object.assign(new Error("streaming is required"), { name: "AcmeError" });
    const isClientSideRefusal = (e: unknown) => e instanceof Error && e.name === "AcmeError";
    expect(mapSdkError("acme", refusal, { isClientSideRefusal })).toMatchObject({
      code: "AI_PROVIDER_ERROR",
      retryable: false,
      message: "streaming is required",
    });
    // With a status, the status decides.
    const throttled = Object.assign(new FakeApiError(429, "slow"), { name: "AcmeError" });
    expect(mapSdkError("acme", throttled, { isClientSideRefusal })).toMatchObject({
      code: "AI_RATE_LIMITED",
      retryable: true,
    });
  });

  it("uses the given readers for status, message and retry delay", () => {
    const error = { code: 503, body: '{"error":{"message":"try later sk-abcdefgh1234"}}' };
    const mapped = mapSdkError("acme", error, {
      statusOf: (e) => (e as typeof error).code,
      messageOf: (e) => JSON.parse((e as typeof error).body).error.message,
      retryAfterMsOf: () => 1234,
    });
    expect(mapped).toMatchObject({
      code: "AI_SERVER_ERROR",
      status: 503,
      message: "try later [redacted]",
    });
    const limited = mapSdkError(
      "acme",
      { code: 429 },
      {
        statusOf: (e) => (e as { code: number }).code,
        retryAfterMsOf: () => 1234,
      },
    );
    expect(limited).toMatchObject({ code: "AI_RATE_LIMITED", retryAfterMs: 1234 });
  });
});
