import { afterEach, describe, expect, it } from "vitest";
import { normalizeBasePath, readConfig } from "./config";

describe("config", () => {
  afterEach(() => {
    Reflect.deleteProperty(globalThis, "window");
  });

  it("normalizes base paths", () => {
    expect(normalizeBasePath(undefined)).toBe("");
    expect(normalizeBasePath("")).toBe("");
    expect(normalizeBasePath("/")).toBe("");
    expect(normalizeBasePath("/admin/sf/")).toBe("/admin/sf");
    expect(normalizeBasePath("admin")).toBe("/admin");
  });

  it("reads what the server injected, with defaults", () => {
    expect(readConfig()).toEqual({ basePath: "", title: "Stageflow" });
    Object.assign(globalThis, { window: { __STAGEFLOW__: { basePath: "/ops/", title: "Ops" } } });
    expect(readConfig()).toEqual({ basePath: "/ops", title: "Ops" });
    Object.assign(globalThis, { window: {} });
    expect(readConfig()).toEqual({ basePath: "", title: "Stageflow" });
  });
});
