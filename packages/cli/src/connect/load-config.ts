import { pathToFileURL } from "node:url";
import type { StageflowOptions } from "@stageflow/engine";
import { CliError } from "../errors/cli-error";

/** What a config file provides: the options of `createStageflow`, all of them optional here. */
export type StageflowConfig = Partial<StageflowOptions>;

/**
 * Loads a `stageflow.config.ts` / `.js`: its default export (or a named `config`) is the options
 * object of `createStageflow`, or a function returning it. TypeScript is compiled on the fly with
 * tsx, so the file may import the app's workflows from `.ts` sources.
 */
export async function loadConfig(path: string): Promise<StageflowConfig> {
  let module: Record<string, unknown>;
  try {
    if (/\.m?ts$/.test(path)) {
      const { tsImport } = await import("tsx/esm/api");
      module = (await tsImport(pathToFileURL(path).href, import.meta.url)) as Record<
        string,
        unknown
      >;
    } else {
      module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    }
  } catch (error) {
    throw new CliError("CLI_CONFIG", `could not load ${path}: ${(error as Error).message}`, 1, {
      cause: error,
    });
  }
  let value = module.default ?? module.config;
  if (typeof value === "function") value = await (value as () => unknown)();
  if (value === null || typeof value !== "object") {
    throw new CliError(
      "CLI_CONFIG",
      `${path} must export the options of createStageflow as its default export (an object)`,
    );
  }
  return value as StageflowConfig;
}
