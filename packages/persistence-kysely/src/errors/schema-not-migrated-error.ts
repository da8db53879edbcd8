import { StageflowError } from "@stageflow/core";

/**
 * A Stageflow table or column does not exist: the database was never migrated, or not since this
 * version added a migration. `cause` is the database error.
 */
export class SchemaNotMigratedError extends StageflowError<"SCHEMA_NOT_MIGRATED"> {
  /** @param cause - the driver's "no such table" / `42P01` / `42703` error. */
  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `The Stageflow tables are missing or out of date (${reason}): run migrateToLatest(db) first.`,
      { code: "SCHEMA_NOT_MIGRATED", cause, details: { reason } },
    );
    this.name = "SchemaNotMigratedError";
  }
}
