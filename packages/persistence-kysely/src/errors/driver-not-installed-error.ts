import { StageflowError } from "@stageflow/core";

/** The database driver a factory needs (`pg` or `better-sqlite3`) is not installed. */
export class DriverNotInstalledError extends StageflowError<"DRIVER_NOT_INSTALLED"> {
  /** The npm package to install. */
  readonly packageName: string;

  /**
   * @param packageName - the missing npm package, e.g. `pg`.
   * @param purpose - what it is needed for, e.g. `createPostgresDatabase`.
   * @param cause - the import failure.
   */
  constructor(packageName: string, purpose: string, cause: unknown) {
    super(
      `${purpose} needs the "${packageName}" package, which is not installed. ` +
        `Install it next to @stageflow/persistence-kysely: npm install ${packageName} ` +
        "(it is an optional peer dependency).",
      { code: "DRIVER_NOT_INSTALLED", cause, details: { packageName } },
    );
    this.name = "DriverNotInstalledError";
    this.packageName = packageName;
  }
}
