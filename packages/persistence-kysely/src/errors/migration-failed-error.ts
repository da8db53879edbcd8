import { StageflowError } from "@stageflow/core";

/** `migrateToLatest` failed; `cause` is the database error, `migrationName` the failing step. */
export class MigrationFailedError extends StageflowError<"MIGRATION_FAILED"> {
  /** The migration that failed, when one did (otherwise the migrator itself failed). */
  readonly migrationName: string | undefined;

  /**
   * @param migrationName - the failing migration, if known.
   * @param cause - the underlying error.
   */
  constructor(migrationName: string | undefined, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      migrationName
        ? `Stageflow migration "${migrationName}" failed: ${reason}`
        : `Stageflow migrations failed: ${reason}`,
      { code: "MIGRATION_FAILED", cause, details: { migrationName } },
    );
    this.name = "MigrationFailedError";
    this.migrationName = migrationName;
  }
}
