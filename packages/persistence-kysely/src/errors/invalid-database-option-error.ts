import { StageflowError } from "@stageflow/core";

/** An option of `createSqliteDatabase` / `createPostgresDatabase` has a value it cannot use. */
export class InvalidDatabaseOptionError extends StageflowError<"INVALID_DATABASE_OPTION"> {
  /**
   * @param option - the option's name, e.g. `walAutocheckpointPages`.
   * @param value - the value received.
   * @param expected - what the option accepts, e.g. "a positive integer".
   */
  constructor(option: string, value: unknown, expected: string) {
    super(`Database option ${option} must be ${expected}; got ${String(value)}.`, {
      code: "INVALID_DATABASE_OPTION",
      details: { option, value: typeof value === "number" ? value : String(value), expected },
    });
    this.name = "InvalidDatabaseOptionError";
  }
}
