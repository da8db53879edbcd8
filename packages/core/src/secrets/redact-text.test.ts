import { describe, expect, it } from "vitest";
import { containsSecretText, redactText } from "./redact-text";
import { registerSecretValue } from "./secret-values";

describe("redactText", () => {
  it.each([
    ["401 for api_key=abc123xyz", "401 for api_key=[redacted]"],
    ['{"apiKey":"k-123","n":1}', '{"apiKey":"[redacted]","n":1}'],
    ["password: hunter22 then", "password: [redacted] then"],
    ["x-api-key: abcdefgh1234", "x-api-key: [redacted]"],
    ["AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI", "AWS_SECRET_ACCESS_KEY=[redacted]"],
    ["key sk-ant-api03-abcdefghijkl used", "key [redacted] used"],
    ["key sk-proj-ABCDEFGHijklmnop used", "key [redacted] used"],
    ["key sk-abcdefghijklmnop used", "key [redacted] used"],
    ["google AIzaSyA1234567890abcdefghijklmnopqrstu", "google [redacted]"],
    ["aws AKIAIOSFODNN7EXAMPLE", "aws [redacted]"],
    ["Authorization: Bearer abc.def-ghi_jkl", "Authorization: Bearer [redacted]"],
    ["Basic dXNlcjpwYXNz", "Basic [redacted]"],
    ["postgres://app:s3cr3t@db:5432/prod", "postgres://app:[redacted]@db:5432/prod"],
    ["redis://:s3cr3t@cache", "redis://:[redacted]@cache"],
    ["-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----", "[redacted]"],
  ])("redacts %j", (input, expected) => {
    expect(redactText(input)).toBe(expected);
    expect(containsSecretText(input)).toBe(true);
  });

  it.each([
    "model not found",
    "maxTokens: 512, inputTokens=20",
    "Basic authentication failed",
    "a Bearer token is required",
    "https://api.example.com/v1/batches/b_123?limit=5",
    "task-abcdefghijklmnop",
    "tokens: 120",
  ])("keeps %j", (input) => {
    expect(redactText(input)).toBe(input);
    expect(containsSecretText(input)).toBe(false);
  });

  it("removes registered and extra values wherever they appear", () => {
    registerSecretValue("plain-looking-value-42");
    registerSecretValue("short");
    expect(redactText("x plain-looking-value-42 y")).toBe("x [redacted] y");
    expect(redactText("short stays")).toBe("short stays");
    expect(redactText("one two-three-four", ["two-three-four"])).toBe("one [redacted]");
  });
});
