import { InvalidDatabaseUrlError } from "../errors/invalid-database-url-error";

/** A database URL, understood: which driver, and what to hand it. */
export type DatabaseLocation =
  | { readonly dialect: "sqlite"; readonly filename: string }
  | { readonly dialect: "postgres"; readonly connectionString: string };

/**
 * Reads a database URL:
 *
 * - `sqlite:PATH` — a file (relative to the working directory, or absolute:
 *   `sqlite:/var/lib/app.db`, `sqlite:///var/lib/app.db`); `sqlite::memory:` is a private
 *   in-memory database;
 * - `postgres://…` or `postgresql://…` — a `pg` connection string, passed on unchanged.
 *
 * @throws {@link InvalidDatabaseUrlError} for anything else, or an empty SQLite path.
 *
 * @example
 * ```ts
 * parseDatabaseUrl("sqlite:.stageflow/app.db"); // { dialect: "sqlite", filename: ".stageflow/app.db" }
 * ```
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (typeof url !== "string" || url.trim() === "") {
    throw new InvalidDatabaseUrlError(String(url), "the URL is empty");
  }
  const trimmed = url.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    return { dialect: "postgres", connectionString: trimmed };
  }
  const sqlite = /^sqlite:(.*)$/i.exec(trimmed);
  if (sqlite) {
    const rest = sqlite[1] ?? "";
    const filename = rest.startsWith("//") ? rest.slice(2) : rest;
    if (filename === "") throw new InvalidDatabaseUrlError(url, "the SQLite path is empty");
    return { dialect: "sqlite", filename };
  }
  throw new InvalidDatabaseUrlError(url, "unknown scheme");
}
