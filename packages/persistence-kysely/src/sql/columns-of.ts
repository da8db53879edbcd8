/**
 * One array per column of `rows` (`width` columns): the parameters of a Postgres
 * `unnest($1::t1[], $2::t2[], …)` that inserts many rows with a constant SQL text.
 */
export function columnsOf(rows: readonly unknown[][], width: number): unknown[][] {
  return Array.from({ length: width }, (_, column) => rows.map((row) => row[column]));
}
