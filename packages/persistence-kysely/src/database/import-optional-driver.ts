import { DriverNotInstalledError } from "../errors/driver-not-installed-error";

/**
 * Imports an optional peer dependency on first use, so a SQLite user never needs `pg` and a
 * Postgres user never needs `better-sqlite3`. A missing package becomes `DriverNotInstalledError`.
 *
 * @param packageName - the package to import.
 * @param purpose - who needs it, for the error message.
 * @param importer - the import function (replaceable in tests).
 */
export async function importOptionalDriver<T>(
  packageName: string,
  purpose: string,
  importer: (name: string) => Promise<unknown> = (name) => import(name),
): Promise<T> {
  let module: unknown;
  try {
    module = await importer(packageName);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new DriverNotInstalledError(packageName, purpose, error);
    }
    throw error;
  }
  const withDefault = module as { default?: unknown };
  return (withDefault.default ?? module) as T;
}
