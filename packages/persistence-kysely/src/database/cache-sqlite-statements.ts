import type { SqliteDatabase, SqliteStatement } from "kysely";

/**
 * Wraps a SQLite database so `prepare` reuses compiled statements for repeated SQL text (Kysely's
 * SQLite driver prepares every query anew). Least recently used statements beyond `capacity` are
 * dropped. Safe because Kysely runs one statement at a time on the single connection.
 *
 * @param database - the `better-sqlite3` database.
 * @param capacity - how many statements to keep.
 */
export function cacheSqliteStatements(database: SqliteDatabase, capacity: number): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      database.close();
    },
    prepare(sql) {
      const cached = cache.get(sql);
      if (cached) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > capacity) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      return statement;
    },
  };
}
