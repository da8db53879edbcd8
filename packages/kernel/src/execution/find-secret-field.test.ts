import { describe, expect, it } from "vitest";
import { findSecretField, isSecretKey, redactSecrets } from "./find-secret-field";

describe("isSecretKey", () => {
  it.each([
    "apiKey",
    "api_key",
    "API-KEY",
    "openaiApiKey",
    "secret",
    "clientSecret",
    "password",
    "token",
    "accessToken",
    "privateKey",
    "authorization",
  ])("flags %s", (key) => expect(isSecretKey(key)).toBe(true));
  it.each(["batchId", "maxTokens", "inputTokens", "tokenCount", "nextPageToken", "keyword"])(
    "lets %s through",
    (key) => expect(isSecretKey(key)).toBe(false),
  );
});

describe("findSecretField", () => {
  it("finds nested secrets inside arrays and names the path", () => {
    expect(findSecretField({ a: [{ b: { apiKey: "x" } }] }, "state")).toBe("state.a[0].b.apiKey");
  });
  it("ignores empty secret fields", () => {
    expect(findSecretField({ apiKey: undefined, token: null, password: "" })).toBeUndefined();
  });
  it("treats only string values as secrets, so JSON Schemas with such property names pass", () => {
    const schema = { type: "object", properties: { token: { type: "string" }, apiKey: {} } };
    expect(findSecretField({ metadata: { schemas: { s0: schema } } }, "state")).toBeUndefined();
    expect(findSecretField({ metadata: { auth: { apiKey: "sk-live" } } }, "state")).toBe(
      "state.metadata.auth.apiKey",
    );
  });
});

describe("redactSecrets", () => {
  it("replaces secret values and keeps the rest", () => {
    expect(redactSecrets({ user: "u", auth: { password: "p" }, list: [{ token: "t" }] })).toEqual({
      user: "u",
      auth: { password: "[redacted]" },
      list: [{ token: "[redacted]" }],
    });
  });
});
