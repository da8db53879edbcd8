import { isStageflowError, registerSecretValue } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { validateSuspendedResult } from "./validate-suspended-result";

const nextPollAt = new Date("2030-01-01T00:01:00Z");
const valid = () => ({
  suspended: true as const,
  state: {
    batchId: "batch-1",
    submittedAt: "2030-01-01T00:00:00Z",
    pollInterval: 60_000,
    maxWaitTime: 3_600_000,
    metadata: { provider: "anthropic", requestCount: 3 },
  },
  pollConfig: { pollInterval: 60_000, maxWaitTime: 3_600_000, nextPollAt },
});

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return isStageflowError(error) ? error.code : "NOT_A_STAGEFLOW_ERROR";
  }
}

describe("validateSuspendedResult", () => {
  it("accepts a well-formed suspension and returns what to persist", () => {
    const result = validateSuspendedResult("batch", valid());
    expect(result.state.batchId).toBe("batch-1");
    expect(result.nextPollAt.toISOString()).toBe(nextPollAt.toISOString());
    expect(result.pollIntervalMs).toBe(60_000);
    expect(result.maxWaitTimeMs).toBe(3_600_000);
  });

  it("takes the schedule from the state when pollConfig is left out (stated once)", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const result = validateSuspendedResult("batch", { ...valid(), pollConfig: undefined }, now);
    expect(result.pollIntervalMs).toBe(60_000);
    expect(result.maxWaitTimeMs).toBe(3_600_000);
    expect(result.nextPollAt.toISOString()).toBe("2030-01-01T00:01:00.000Z");
  });

  it("takes the schedule from pollConfig alone and copies it into the state", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const result = validateSuspendedResult(
      "batch",
      {
        suspended: true,
        state: { batchId: "b", submittedAt: "t" },
        pollConfig: { pollInterval: 5_000, maxWaitTime: 50_000 },
      },
      now,
    );
    expect(result.state).toMatchObject({ pollInterval: 5_000, maxWaitTime: 50_000 });
    expect(result.nextPollAt.toISOString()).toBe("2030-01-01T00:00:05.000Z");
  });

  it.each([
    [
      "a missing batchId",
      (r: ReturnType<typeof valid>) => ({ ...r, state: { ...r.state, batchId: undefined } }),
    ],
    [
      "a numeric batchId",
      (r: ReturnType<typeof valid>) => ({ ...r, state: { ...r.state, batchId: 42 } }),
    ],
    ["a missing state", (r: ReturnType<typeof valid>) => ({ ...r, state: undefined })],
    [
      "a pollConfig that is not an object",
      (r: ReturnType<typeof valid>) => ({ ...r, pollConfig: "every minute" }),
    ],
    [
      "no pollInterval in state or pollConfig",
      (r: ReturnType<typeof valid>) => ({
        ...r,
        state: { batchId: "b", submittedAt: "t", maxWaitTime: 1 },
        pollConfig: undefined,
      }),
    ],
    [
      "a string pollInterval",
      (r: ReturnType<typeof valid>) => ({
        ...r,
        pollConfig: { ...r.pollConfig, pollInterval: "60s" },
      }),
    ],
    [
      "a negative maxWaitTime",
      (r: ReturnType<typeof valid>) => ({ ...r, pollConfig: { ...r.pollConfig, maxWaitTime: -1 } }),
    ],
    [
      "an ISO string nextPollAt",
      (r: ReturnType<typeof valid>) => ({
        ...r,
        pollConfig: { ...r.pollConfig, nextPollAt: nextPollAt.toISOString() },
      }),
    ],
    [
      "an invalid Date",
      (r: ReturnType<typeof valid>) => ({
        ...r,
        pollConfig: { ...r.pollConfig, nextPollAt: new Date("nope") },
      }),
    ],
    ["non-numeric metrics", (r: ReturnType<typeof valid>) => ({ ...r, customMetrics: { n: "1" } })],
  ])("rejects %s as INVALID_SUSPENDED_RESULT", (_name, mutate) => {
    expect(codeOf(() => validateSuspendedResult("batch", mutate(valid())))).toBe(
      "INVALID_SUSPENDED_RESULT",
    );
  });

  it.each(["apiKey", "api_key", "secret", "password", "token", "accessToken", "openaiApiKey"])(
    "refuses a state holding %s, naming the field",
    (field) => {
      const result = valid();
      const state = { ...result.state, metadata: { ...result.state.metadata, [field]: "sk-123" } };
      let message = "";
      try {
        validateSuspendedResult("batch", { ...result, state });
      } catch (error) {
        expect(isStageflowError(error) && error.code).toBe("SECRET_IN_SUSPENDED_STATE");
        message = (error as Error).message;
      }
      expect(message).toContain(`state.metadata.${field}`);
      expect(message).not.toContain("sk-123");
    },
  );

  it.each([
    ["aws_secret_access_key", "wJalrXUtnFEMI"],
    ["secretAccessKey", "wJalrXUtnFEMI"],
    ["apiKeys", ["k-1", "k-2"]],
    ["token", ["t-1"]],
    ["password", { value: "pw" }],
    ["secrets", { openai: "k" }],
    ["pwd", "pw"],
    ["passphrase", "pp"],
    ["auth", "user:pw"],
    ["bearer", "abc"],
    ["cookie", "sid=abc"],
    ["privateKeyPem", "MIIEow"],
  ])("refuses a state holding %s in any shape", (field, value) => {
    const result = valid();
    const state = { ...result.state, metadata: { ...result.state.metadata, [field]: value } };
    expect(codeOf(() => validateSuspendedResult("batch", { ...result, state }))).toBe(
      "SECRET_IN_SUSPENDED_STATE",
    );
  });

  it.each([
    ["a connection string with a password", "postgres://app:hunter22@db/prod"],
    ["a bearer token", "Bearer abcdefghijkl"],
    ["an Anthropic key", "sk-ant-api03-abcdefghijkl"],
    ["an OpenAI project key", "sk-proj-abcdefghijkl"],
    ["a Google key", "AIzaSyA1234567890abcdefghijklmnop"],
  ])("refuses %s under a harmless name", (_label, value) => {
    const result = valid();
    const state = { ...result.state, metadata: { ...result.state.metadata, endpoint: [value] } };
    let message = "";
    try {
      validateSuspendedResult("batch", { ...result, state });
    } catch (error) {
      expect(isStageflowError(error) && error.code).toBe("SECRET_IN_SUSPENDED_STATE");
      message = (error as Error).message;
    }
    expect(message).toContain("state.metadata.endpoint[0]");
    expect(message).not.toContain(value);
  });

  it("refuses the exact value of a registered secret", () => {
    registerSecretValue("configured-value-9f8e7d");
    const result = valid();
    const state = { ...result.state, note: "uses configured-value-9f8e7d" };
    expect(codeOf(() => validateSuspendedResult("batch", { ...result, state }))).toBe(
      "SECRET_IN_SUSPENDED_STATE",
    );
  });

  it("does not mistake token counters for secrets", () => {
    const result = valid();
    const state = { ...result.state, maxTokens: 100, inputTokens: 3, nextPageToken: "p2" };
    expect(() => validateSuspendedResult("batch", { ...result, state })).not.toThrow();
  });

  it("rejects state that is not JSON", () => {
    const result = valid();
    const state = { ...result.state, handle: new Map() };
    expect(codeOf(() => validateSuspendedResult("batch", { ...result, state }))).toBe(
      "NOT_JSON_SERIALIZABLE",
    );
  });
});
