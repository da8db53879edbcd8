import { CompiledQuery, type QueryResult } from "kysely";
import type { Scope } from "./scope";

/**
 * Runs one prepared-friendly SQL statement (constant text, positional parameters) in `scope`,
 * skipping Kysely's query compilation on hot paths.
 *
 * @param scope - where to run it.
 * @param text - the SQL text (`$n` parameters on Postgres, `?` on SQLite).
 * @param parameters - the parameter values, already converted for the dialect.
 */
export function runSql<R>(
  scope: Scope,
  text: string,
  parameters: readonly unknown[],
): Promise<QueryResult<R>> {
  return scope.executor().executeQuery<R>(CompiledQuery.raw(text, parameters as unknown[]));
}
