import { NonRetryableError, StageflowError, ValidationError } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { MissingUpstreamOutputError } from "../errors/stage-errors";
import { decideRetry } from "./decide-retry";
import { isRetryableFailure, retryAfterMsOf } from "./failure-info";

const now = new Date("2030-01-01T00:00:00Z");
const at = (ms: number) => new Date(now.getTime() + ms).toISOString();

describe("decideRetry", () => {
  it("retries a plain error with the default exponential backoff (1 s, 2 s, …)", () => {
    const first = decideRetry({
      error: new Error("503"),
      attempt: 1,
      maxAttempts: 3,
      policy: undefined,
      now,
    });
    expect(first.retry && { next: first.nextAttempt, at: first.availableAt.toISOString() }).toEqual(
      {
        next: 2,
        at: at(1000),
      },
    );
    const second = decideRetry({
      error: new Error("503"),
      attempt: 2,
      maxAttempts: 3,
      policy: undefined,
      now,
    });
    expect(second.retry && second.availableAt.toISOString()).toBe(at(2000));
  });

  it("follows the stage's policy and caps the delay", () => {
    const policy = { backoff: { initialDelayMs: 100, multiplier: 10, maxDelayMs: 5000 } };
    const decide = (attempt: number) =>
      decideRetry({ error: new Error("x"), attempt, maxAttempts: 10, policy, now });
    const delays = [1, 2, 3, 4].map((attempt) => {
      const decision = decide(attempt);
      return decision.retry ? decision.availableAt.getTime() - now.getTime() : -1;
    });
    expect(delays).toEqual([100, 1000, 5000, 5000]);
  });

  it("stops when the attempts are exhausted", () => {
    expect(
      decideRetry({ error: new Error("x"), attempt: 3, maxAttempts: 3, policy: undefined, now }),
    ).toEqual({
      retry: false,
    });
  });

  it.each([
    ["NonRetryableError", new NonRetryableError("bad document")],
    ["ValidationError", new ValidationError("bad output", [])],
    ["MissingUpstreamOutputError", new MissingUpstreamOutputError("b", ["a"])],
  ])("never retries a %s", (_name, error) => {
    expect(isRetryableFailure(error)).toBe(false);
    expect(decideRetry({ error, attempt: 1, maxAttempts: 5, policy: undefined, now })).toEqual({
      retry: false,
    });
  });

  it("recognises a NonRetryableError look-alike from another copy of core by its brand and code", () => {
    const foreign = Object.assign(new Error("nope"), {
      [Symbol.for("stageflow.error")]: true,
      code: "NON_RETRYABLE",
    });
    expect(isRetryableFailure(foreign)).toBe(false);
  });
});

describe("decideRetry and the error's own retryable flag", () => {
  const coded = (retryable: boolean, extra: Record<string, unknown> = {}) =>
    Object.assign(
      new StageflowError("provider said no", { code: "AI_SOMETHING", retryable }),
      extra,
    );

  it("never retries a StageflowError marked retryable: false (AI_AUTHENTICATION_FAILED)", () => {
    const error = new StageflowError("bad key", { code: "AI_AUTHENTICATION_FAILED" });
    expect(isRetryableFailure(error)).toBe(false);
    expect(decideRetry({ error, attempt: 1, maxAttempts: 3, policy: undefined, now })).toEqual({
      retry: false,
    });
  });

  it("never retries a foreign error object whose retryable flag is false", () => {
    const foreign = Object.assign(new Error("unknown model"), { retryable: false });
    expect(isRetryableFailure(foreign)).toBe(false);
  });

  it("retries a StageflowError marked retryable: true with the backoff", () => {
    const decision = decideRetry({
      error: coded(true),
      attempt: 1,
      maxAttempts: 3,
      policy: undefined,
      now,
    });
    expect(decision.retry && decision.availableAt.toISOString()).toBe(at(1000));
  });

  it("waits for the provider's Retry-After (retryAfterMs) instead of the backoff", () => {
    const error = coded(true, { retryAfterMs: 7_500 });
    const decision = decideRetry({ error, attempt: 1, maxAttempts: 3, policy: undefined, now });
    expect(decision.retry && decision.availableAt.toISOString()).toBe(at(7_500));
    expect(retryAfterMsOf(error)).toBe(7_500);
    expect(retryAfterMsOf(coded(true, { retryAfterMs: Number.NaN }))).toBeUndefined();
    expect(retryAfterMsOf(coded(true, { retryAfterMs: -1 }))).toBeUndefined();
  });
});
