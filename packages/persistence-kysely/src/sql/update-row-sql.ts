import type { StageflowDialect as Dialect } from "../database/stageflow-dialect";
import { registerPostgresStatement } from "./postgres-prepared-statements";

/** Tables {@link updateRowSql} writes. */
export type UpdatedTable = "stageflow_runs" | "stageflow_stages";

const cache = new Map<string, string>();

/**
 * The text of `update <table> set <columns…>, version = version + 1 where id = ?
 * [and version = ?] returning *`, built once per table, column list and dialect and then reused
 * (an update's patch has one of a few shapes, so the same texts come back and SQLite's statement
 * cache and Postgres's plan cache see constant text). Parameters: the column values in order,
 * the id, then the expected version when `expectVersion`. `columns` are the adapter's own column
 * names, never user input.
 */
export function updateRowSql(
  dialect: Dialect,
  table: UpdatedTable,
  columns: readonly string[],
  expectVersion: boolean,
): string {
  const key = `${dialect}|${table}|${expectVersion ? 1 : 0}|${columns.join(",")}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const mark = dialect === "postgres" ? (n: number) => `$${n}` : () => "?";
  const assignments = columns.map((column, i) => `${column} = ${mark(i + 1)}`);
  let text = `update ${table} set ${assignments.join(", ")}, version = version + 1 where id = ${mark(columns.length + 1)}`;
  if (expectVersion) text += ` and version = ${mark(columns.length + 2)}`;
  text += " returning *";
  if (cache.size >= 512) cache.clear();
  cache.set(key, text);
  if (dialect === "postgres") registerPostgresStatement(text);
  return text;
}
