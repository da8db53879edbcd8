import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { usageError } from "../errors/cli-error";

/** The names `stageflow` looks for in the working directory, in this order. */
export const CONFIG_FILE_NAMES = [
  "stageflow.config.ts",
  "stageflow.config.mts",
  "stageflow.config.js",
  "stageflow.config.mjs",
] as const;

/**
 * The config file to load: `--config` when given (it must exist), else the first of
 * {@link CONFIG_FILE_NAMES} in `cwd`, else none.
 */
export function findConfigFile(explicit: string | undefined, cwd: string): string | undefined {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) throw usageError(`--config: no file at ${path}`);
    return path;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const path = resolve(cwd, name);
    if (existsSync(path)) return path;
  }
  return undefined;
}
