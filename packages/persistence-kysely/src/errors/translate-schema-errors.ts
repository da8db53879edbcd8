import { SchemaNotMigratedError } from "./schema-not-migrated-error";

/** Postgres `undefined_table` and `undefined_column`. */
const POSTGRES_MISSING_SCHEMA_CODES: ReadonlySet<string> = new Set(["42P01", "42703"]);
/** better-sqlite3's messages for a missing table or column. */
const SQLITE_MISSING_SCHEMA = /no such table|no such column|has no column named/i;

/** True when `error` is a driver error saying a table or column does not exist. */
export function isMissingSchemaError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === "string" && POSTGRES_MISSING_SCHEMA_CODES.has(code)) return true;
  return (
    typeof message === "string" &&
    (code === undefined || (typeof code === "string" && code.startsWith("SQLITE"))) &&
    SQLITE_MISSING_SCHEMA.test(message)
  );
}

/**
 * `target` with every method's rejection of a missing table or column turned into a
 * {@link SchemaNotMigratedError} ("run migrateToLatest(db) first"); everything else passes
 * through unchanged. Methods are called on `target` itself (private fields keep working).
 */
export function translateSchemaErrors<T extends object>(target: T): T {
  const translate = (error: unknown): never => {
    throw isMissingSchemaError(error) ? new SchemaNotMigratedError(error) : error;
  };
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(object, args);
        return result instanceof Promise ? result.catch(translate) : result;
      };
    },
  });
}
