import { describe, expect, it } from "vitest";
import { InvalidDatabaseUrlError, redactUrl } from "../errors/invalid-database-url-error";
import { parseDatabaseUrl } from "./parse-database-url";

describe("parseDatabaseUrl", () => {
  it.each([
    ["sqlite:.stageflow/app.db", ".stageflow/app.db"],
    ["sqlite:/var/lib/app.db", "/var/lib/app.db"],
    ["sqlite:///var/lib/app.db", "/var/lib/app.db"],
    ["sqlite::memory:", ":memory:"],
  ])("reads %s as a SQLite file", (url, filename) => {
    expect(parseDatabaseUrl(url)).toEqual({ dialect: "sqlite", filename });
  });

  it.each(["postgres://u@h:5432/db", "postgresql://u:p@h/db?sslmode=require"])(
    "passes %s on as a Postgres connection string",
    (url) => {
      expect(parseDatabaseUrl(url)).toEqual({ dialect: "postgres", connectionString: url });
    },
  );

  it.each(["", "mysql://h/db", "app.db", "sqlite:"])("refuses %j with a typed error", (url) => {
    const error = (() => {
      try {
        return parseDatabaseUrl(url);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidDatabaseUrlError);
    expect((error as InvalidDatabaseUrlError).code).toBe("INVALID_DATABASE_URL");
    expect((error as Error).message).toContain("sqlite:PATH");
  });

  it("never repeats a password", () => {
    expect(redactUrl("postgres://user:secret@host/db")).toBe("postgres://user:***@host/db");
    expect(() => parseDatabaseUrl("mysql://user:secret@host/db")).toThrow(/user:\*\*\*@host/);
  });
});
