import { createStageflow, type Stageflow, type StageflowOptions } from "@stageflow/engine";
import { usageError } from "../errors/cli-error";
import type { GlobalOptions } from "../program";
import { findConfigFile } from "./find-config-file";
import { loadConfig, type StageflowConfig } from "./load-config";

/** An open connection to the database a command works on. */
export interface CliContext {
  /** The engine, with no worker unless the command asked for one. */
  readonly sf: Stageflow;
  /** The config file's options, when one was loaded. */
  readonly config: StageflowConfig | undefined;
  /** Closes the engine (drains its worker, if any, and the database). */
  close(): Promise<void>;
}

/**
 * Opens the database named by `--database`, `STAGEFLOW_DATABASE_URL` or the config file, with the
 * config's workflows and plugins. No worker runs and nothing is migrated unless `overrides` say so:
 * a command never changes the schema behind the user's back.
 */
export async function openContext(
  globals: GlobalOptions,
  overridesFor: ContextOverrides = {},
): Promise<CliContext> {
  const path = findConfigFile(globals.config, process.cwd());
  const config = path ? await loadConfig(path) : undefined;
  const overrides = typeof overridesFor === "function" ? overridesFor(config) : overridesFor;
  const database = globals.database ?? config?.database;
  if (database === undefined || database === "") {
    throw usageError(
      "no database: pass --database sqlite:PATH or postgres://…, set STAGEFLOW_DATABASE_URL, or add a stageflow.config.ts",
    );
  }
  const sf = await createStageflow({
    ...config,
    workflows: config?.workflows ?? [],
    database,
    worker: false,
    migrate: false,
    ...overrides,
  });
  return { sf, config, close: () => sf.close() };
}

/**
 * Options laid over the config's when the engine is created, or a function of the loaded config
 * returning them (it may throw a `CliError` before anything is opened).
 */
export type ContextOverrides =
  | Partial<StageflowOptions>
  | ((config: StageflowConfig | undefined) => Partial<StageflowOptions>);

/** Runs `body` with an open context and always closes it. */
export async function withContext<T>(
  globals: GlobalOptions,
  body: (context: CliContext) => Promise<T>,
  overrides?: ContextOverrides,
): Promise<T> {
  const context = await openContext(globals, overrides);
  try {
    return await body(context);
  } finally {
    await context.close();
  }
}
