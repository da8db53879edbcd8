import { describe, expect, it } from "vitest";
import { findSecret } from "./find-secret";
import { redactValue } from "./redact-value";

describe("redactValue", () => {
  it("replaces secret-named fields that hold text, at any depth and in arrays", () => {
    const input = {
      user: "ada",
      auth: { password: "p" },
      list: [{ token: ["t1", "t2"] }],
      password: { value: "v" },
      tokens: 120,
      url: "postgres://u:pw@h/db",
      note: "api_key=abc123",
      when: new Date(0),
    };
    expect(redactValue(input)).toEqual({
      user: "ada",
      auth: "[redacted]",
      list: [{ token: "[redacted]" }],
      password: "[redacted]",
      tokens: 120,
      url: "postgres://u:[redacted]@h/db",
      note: "api_key=[redacted]",
      when: new Date(0),
    });
    expect(input.auth.password).toBe("p");
  });

  it("keeps the property names of JSON Schemas and survives cycles", () => {
    const schema = { type: "object", properties: { token: { type: "string" } } };
    expect(redactValue({ schema })).toEqual({ schema });
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const copy = redactValue(cyclic);
    expect(copy.self).toBe(copy);
  });
});

describe("findSecret", () => {
  it("names the path of secret keys holding text, in objects and arrays", () => {
    expect(findSecret({ a: [{ b: { apiKey: "x" } }] }, "state")).toBe("state.a[0].b.apiKey");
    expect(findSecret({ creds: [{ apiKeys: ["k"] }] }, "state")).toBe("state.creds[0].apiKeys");
    expect(findSecret({ password: { value: "v" } }, "state")).toBe("state.password");
    expect(findSecret({ aws_secret_access_key: "k" })).toBe("value.aws_secret_access_key");
  });

  it("finds secret values under harmless names", () => {
    expect(findSecret({ db: "postgres://u:pw@h/db" }, "s")).toBe("s.db");
    expect(findSecret({ h: ["Bearer abcdefghijk"] }, "s")).toBe("s.h[0]");
    expect(findSecret({ k: "sk-ant-api03-abcdefghijk" }, "s")).toBe("s.k");
  });

  it("ignores empty fields, counts and JSON Schema property names", () => {
    expect(findSecret({ apiKey: undefined, token: null, password: "", tokens: 3 })).toBeUndefined();
    const schema = { type: "object", properties: { token: { type: "string" }, apiKey: {} } };
    expect(findSecret({ metadata: { schemas: { s0: schema } } }, "state")).toBeUndefined();
    expect(findSecret({ metadata: { auth: { apiKey: "sk-live" } } }, "state")).toBe(
      "state.metadata.auth",
    );
  });
});
