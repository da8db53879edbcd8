import { isStageflowError } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { importOptionalDriver } from "../src/database/import-optional-driver";
import { DriverNotInstalledError } from "../src/index";
import { assertBuilt } from "./helpers/spawn-workers";

describe("optional drivers", () => {
  it("names the package to install when a driver is missing", async () => {
    const error = await importOptionalDriver(
      "stageflow-no-such-driver",
      "createPostgresDatabase",
    ).catch((reason: unknown) => reason);
    expect(isStageflowError(error) && error.code).toBe("DRIVER_NOT_INSTALLED");
    expect(error).toBeInstanceOf(DriverNotInstalledError);
    expect((error as Error).message).toContain("npm install stageflow-no-such-driver");
    expect((error as DriverNotInstalledError).packageName).toBe("stageflow-no-such-driver");
  });

  it("loads an installed driver's default export lazily", async () => {
    const pg = await importOptionalDriver<{ Pool: unknown }>("pg", "test");
    expect(pg.Pool).toBeTypeOf("function");
    const Database = await importOptionalDriver<unknown>("better-sqlite3", "test");
    expect(Database).toBeTypeOf("function");
  });

  it("passes other import failures through", async () => {
    const boom = new Error("boom");
    await expect(importOptionalDriver("pg", "test", async () => Promise.reject(boom))).rejects.toBe(
      boom,
    );
  });

  it("does not import pg for SQLite nor better-sqlite3 for Postgres at module load", async () => {
    assertBuilt();
    const source = await import("node:fs").then((fs) =>
      fs.readFileSync(new URL("../dist/index.js", import.meta.url), "utf8"),
    );
    expect(source).not.toMatch(/from\s+["'](pg|better-sqlite3)["']/);
    expect(source).not.toMatch(/require\(["'](pg|better-sqlite3)["']\)/);
  });
});
