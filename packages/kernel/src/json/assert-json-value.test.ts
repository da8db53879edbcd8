import { isStageflowError } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { assertJsonValue } from "./assert-json-value";

function problemOf(value: unknown): string | undefined {
  try {
    assertJsonValue(value, "output");
    return undefined;
  } catch (error) {
    if (isStageflowError(error) && error.code === "NOT_JSON_SERIALIZABLE") return error.message;
    throw error;
  }
}

describe("assertJsonValue", () => {
  it("accepts plain JSON data, null-prototype objects and Dates", () => {
    expect(problemOf({ a: [1, "two", true, null], b: { c: new Date(0) } })).toBeUndefined();
    expect(problemOf(Object.assign(Object.create(null), { x: 1 }))).toBeUndefined();
  });

  it.each([
    ["a BigInt", { n: 1n }, "output.n"],
    ["a function", { f: () => 1 }, "output.f"],
    ["a symbol", [Symbol("s")], "output[0]"],
    ["NaN", { x: Number.NaN }, "output.x"],
    ["Infinity", [1, Number.POSITIVE_INFINITY], "output[1]"],
    ["undefined in an array", [1, undefined], "output[1]"],
    ["a Map", { m: new Map() }, "output.m"],
  ])("rejects %s and names where it is", (_name, value, path) => {
    expect(problemOf(value)).toContain(path);
  });

  it("rejects cycles", () => {
    const value: Record<string, unknown> = {};
    value.self = value;
    expect(problemOf(value)).toMatch(/cycle/);
  });

  it("accepts the same object twice when it is not a cycle", () => {
    const shared = { x: 1 };
    expect(problemOf({ a: shared, b: shared })).toBeUndefined();
  });
});
