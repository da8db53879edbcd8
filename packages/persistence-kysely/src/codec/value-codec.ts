import { assertJsonValue } from "@stageflow/kernel";
import type { StageflowDialect } from "../database/stageflow-dialect";

/**
 * Converts values between records and SQL parameters/rows for one dialect: timestamps are `Date`
 * on Postgres (`timestamptz`) and epoch milliseconds on SQLite; JSON is sent as text on both and
 * read back parsed by `pg` (`jsonb`) or parsed here (SQLite `text`).
 */
export interface ValueCodec {
  /** A `Date` as a statement parameter. */
  timestamp(date: Date): Date | number;
  /** A nullable `Date` as a statement parameter. */
  timestampOrNull(date: Date | null | undefined): Date | number | null;
  /** A timestamp column value as a `Date`. */
  readTimestamp(value: unknown): Date;
  /** A nullable timestamp column value. */
  readTimestampOrNull(value: unknown): Date | null;
  /** A boolean as a statement parameter. */
  boolean(value: boolean): boolean | number;
  /** A JSON column value, parsed (SQL `NULL` becomes `null`). */
  readJson(value: unknown): unknown;
}

/**
 * Checks that `value` is JSON-representable (throwing `NotJsonSerializableError` naming `path`
 * otherwise) and serializes it; `undefined` becomes SQL `NULL`.
 */
export function toJsonText(value: unknown, path: string): string | null {
  assertJsonValue(value, path);
  const text = JSON.stringify(value);
  return text === undefined ? null : text;
}

/** A 64-bit integer column value (`pg` reads `bigint` as a string) as a number. */
export function readNumber(value: unknown): number {
  return typeof value === "number" ? value : Number(value);
}

/** A nullable 64-bit integer column value as a number or `null`. */
export function readNumberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : readNumber(value);
}

function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(value as string | number);
}

const postgresCodec: ValueCodec = {
  timestamp: (date) => date,
  timestampOrNull: (date) => date ?? null,
  readTimestamp: toDate,
  readTimestampOrNull: (value) => (value === null || value === undefined ? null : toDate(value)),
  boolean: (value) => value,
  readJson: (value) => (value === undefined ? null : value),
};

const sqliteCodec: ValueCodec = {
  timestamp: (date) => date.getTime(),
  timestampOrNull: (date) => (date ? date.getTime() : null),
  readTimestamp: (value) => new Date(readNumber(value)),
  readTimestampOrNull: (value) =>
    value === null || value === undefined ? null : new Date(readNumber(value)),
  boolean: (value) => (value ? 1 : 0),
  readJson: (value) => (typeof value === "string" ? JSON.parse(value) : null),
};

/** The {@link ValueCodec} of a dialect. */
export function codecFor(dialect: StageflowDialect): ValueCodec {
  return dialect === "postgres" ? postgresCodec : sqliteCodec;
}
