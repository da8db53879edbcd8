import { describe, expect, it } from "vitest";
import { isSecretKey } from "./secret-key";

describe("isSecretKey", () => {
  it.each([
    "apiKey",
    "api_key",
    "API-KEY",
    "apiKeys",
    "openaiApiKey",
    "secret",
    "secrets",
    "clientSecret",
    "aws_secret_access_key",
    "secretAccessKey",
    "password",
    "pwd",
    "dbPwd",
    "passphrase",
    "token",
    "tokens",
    "accessToken",
    "auth",
    "basicAuth",
    "authorization",
    "bearer",
    "cookie",
    "Set-Cookie",
    "privateKey",
    "privateKeyPem",
    "credentials",
  ])("flags %s", (key) => expect(isSecretKey(key)).toBe(true));

  it.each([
    "batchId",
    "maxTokens",
    "inputTokens",
    "tokenCount",
    "nextPageToken",
    "keyword",
    "author",
    "authorName",
    "passengers",
    "",
  ])("lets %j through", (key) => expect(isSecretKey(key)).toBe(false));
});
