import { type Expression, sql } from "kysely";
import type { StageflowDialect } from "../database/stageflow-dialect";

/** The SQL column types of one dialect, as used by the migrations. */
export interface DialectColumnTypes {
  /** Ids and keys: compared bytewise (`COLLATE "C"` on Postgres, SQLite's default `BINARY`). */
  readonly key: Expression<unknown>;
  readonly text: Expression<unknown>;
  readonly timestamp: Expression<unknown>;
  readonly json: Expression<unknown>;
  readonly integer: Expression<unknown>;
  readonly bigint: Expression<unknown>;
  readonly double: Expression<unknown>;
  readonly boolean: Expression<unknown>;
}

/** Column types of `dialect`: `timestamptz`/`jsonb` on Postgres, epoch-ms `integer`/`text` on SQLite. */
export function columnTypesFor(dialect: StageflowDialect): DialectColumnTypes {
  if (dialect === "postgres") {
    return {
      key: sql`text collate "C"`,
      text: sql`text`,
      timestamp: sql`timestamptz`,
      json: sql`jsonb`,
      integer: sql`integer`,
      bigint: sql`bigint`,
      double: sql`double precision`,
      boolean: sql`boolean`,
    };
  }
  return {
    key: sql`text`,
    text: sql`text`,
    timestamp: sql`integer`,
    json: sql`text`,
    integer: sql`integer`,
    bigint: sql`integer`,
    double: sql`real`,
    boolean: sql`integer`,
  };
}
