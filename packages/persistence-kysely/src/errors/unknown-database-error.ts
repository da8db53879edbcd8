import { StageflowError } from "@stageflow/core";

/** A Kysely instance not created by `createPostgresDatabase` / `createSqliteDatabase` was passed. */
export class UnknownDatabaseError extends StageflowError<"UNKNOWN_DATABASE"> {
  /** @param factory - the function that received the database, e.g. `createKyselyPersistence`. */
  constructor(factory: string) {
    super(
      `${factory} needs a database created by createPostgresDatabase or createSqliteDatabase ` +
        "from @stageflow/persistence-kysely (they attach the dialect and wake-up wiring).",
      { code: "UNKNOWN_DATABASE", details: { factory } },
    );
    this.name = "UnknownDatabaseError";
  }
}
