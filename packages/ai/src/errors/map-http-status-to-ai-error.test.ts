import { isStageflowError, STAGEFLOW_ERROR_BRAND, StageflowError } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { AIError, isAIError } from "./ai-error";
import { AIAuthenticationError, AIRateLimitError } from "./ai-provider-error";
import { mapHttpStatusToAIError, parseRetryAfterMs } from "./map-http-status-to-ai-error";

describe("mapHttpStatusToAIError", () => {
  it.each([
    [429, "AIRateLimitError", "AI_RATE_LIMITED", true],
    [401, "AIAuthenticationError", "AI_AUTHENTICATION_FAILED", false],
    [403, "AIAuthenticationError", "AI_AUTHENTICATION_FAILED", false],
    [400, "AIInvalidRequestError", "AI_INVALID_REQUEST", false],
    [404, "AIInvalidRequestError", "AI_INVALID_REQUEST", false],
    [422, "AIInvalidRequestError", "AI_INVALID_REQUEST", false],
    [408, "AIProviderError", "AI_PROVIDER_ERROR", true],
    [500, "AIServerError", "AI_SERVER_ERROR", true],
    [529, "AIServerError", "AI_SERVER_ERROR", true],
    [undefined, "AIProviderError", "AI_PROVIDER_ERROR", true],
  ])("maps %s to %s", (status, name, code, retryable) => {
    const cause = new Error("sdk");
    const error = mapHttpStatusToAIError("anthropic", status, "boom", cause);
    expect(error).toMatchObject({
      name,
      code,
      retryable,
      status,
      provider: "anthropic",
      message: "boom",
    });
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(AIError);
    expect(error).toBeInstanceOf(StageflowError);
    expect(isAIError(error)).toBe(true);
    expect(isStageflowError(error)).toBe(true);
  });

  it("keeps class defaults when options carry undefined values", () => {
    const error = new AIAuthenticationError("openai", "no", {
      retryable: undefined,
      status: undefined,
    });
    expect(error.retryable).toBe(false);
    expect(new AIRateLimitError("openai", "slow", { status: undefined }).status).toBe(429);
  });

  it("keeps retryAfterMs on rate-limit errors", () => {
    const error = mapHttpStatusToAIError("openai", 429, "slow down", undefined, {
      retryAfterMs: 1500,
    });
    expect(error).toBeInstanceOf(AIRateLimitError);
    expect((error as AIRateLimitError).retryAfterMs).toBe(1500);
  });

  it("brands errors with Symbol.for('stageflow.error') so copies agree", () => {
    const error = mapHttpStatusToAIError("google", 500, "down");
    expect((error as unknown as Record<symbol, unknown>)[Symbol.for("stageflow.error")]).toBe(true);
    expect(STAGEFLOW_ERROR_BRAND).toBe(Symbol.for("stageflow.error"));
    const lookalike = { code: "AI_SERVER_ERROR", [Symbol.for("stageflow.error")]: true };
    expect(isAIError(lookalike)).toBe(true);
    expect(isAIError(new Error("plain"))).toBe(false);
    expect(isAIError({ code: "AI_SERVER_ERROR" })).toBe(false);
    expect(isAIError(new StageflowError("core", { code: "VALIDATION_FAILED" }))).toBe(false);
  });
});

describe("parseRetryAfterMs", () => {
  it("reads retry-after-ms, then retry-after seconds or date", () => {
    expect(parseRetryAfterMs({ "retry-after-ms": "250" })).toBe(250);
    expect(parseRetryAfterMs(new Headers({ "retry-after": "3" }))).toBe(3000);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfterMs({ "retry-after": "Thu, 01 Jan 2026 00:00:10 GMT" }, now)).toBe(10_000);
    expect(parseRetryAfterMs({ "retry-after": "soon" })).toBeUndefined();
    expect(parseRetryAfterMs({})).toBeUndefined();
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
  });
});
