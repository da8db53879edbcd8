import type { ColumnType } from "kysely";

/**
 * A timestamp column: `timestamptz` on Postgres (read as `Date`), epoch milliseconds in an
 * `integer` column on SQLite (read as `number`). Written as `Date` on Postgres, `number` on SQLite.
 */
export type TimestampColumn = ColumnType<Date | number, Date | number, Date | number>;

/** A nullable {@link TimestampColumn}. */
export type NullableTimestampColumn = ColumnType<
  Date | number | null,
  Date | number | null | undefined,
  Date | number | null
>;

/**
 * A JSON column: `jsonb` on Postgres (read already parsed), `text` on SQLite (read as the JSON
 * string). Always written as a JSON string.
 */
export type JsonColumn = ColumnType<unknown, string, string>;

/** A nullable {@link JsonColumn}. */
export type NullableJsonColumn = ColumnType<unknown, string | null | undefined, string | null>;

/**
 * A 64-bit integer column (`bigint` on Postgres, read by `pg` as a string; `integer` on SQLite,
 * read as a number).
 */
export type BigIntColumn = ColumnType<number | string, number, number>;

/** A boolean column: `boolean` on Postgres, `0`/`1` in an `integer` column on SQLite. */
export type BooleanColumn = ColumnType<boolean | number, boolean | number, boolean | number>;
