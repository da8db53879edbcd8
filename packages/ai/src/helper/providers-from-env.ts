import { ProviderPackageMissingError } from "../errors/provider-package-missing-error";
import type { AIProvider, ProviderName } from "../provider";

/** Environment variables, as `process.env` holds them. */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/** Loads a provider package by name; the default is a dynamic `import()`. */
export type ProviderImporter = (packageName: string) => Promise<unknown>;

/** A provider that can be created from environment variables. */
export interface EnvProviderEntry {
  readonly name: ProviderName;
  /** The provider package, loaded only when one of `envKeys` is set. */
  readonly packageName: string;
  /** Its export that creates the provider: `(env) => provider | undefined`. */
  readonly factory: string;
  /** The variables holding the API key, in order of preference. */
  readonly envKeys: readonly string[];
}

/**
 * The providers {@link providersFromEnv} knows: each provider package exports a
 * `<name>ProviderFromEnv(env)` factory reading its key (and optional base URL) from the
 * environment. `@stageflow/ai` never imports them statically (they depend on it).
 */
export const ENV_PROVIDERS: readonly EnvProviderEntry[] = [
  {
    name: "anthropic",
    packageName: "@stageflow/ai-anthropic",
    factory: "anthropicProviderFromEnv",
    envKeys: ["ANTHROPIC_API_KEY"],
  },
  {
    name: "openai",
    packageName: "@stageflow/ai-openai",
    factory: "openaiProviderFromEnv",
    envKeys: ["OPENAI_API_KEY"],
  },
  {
    name: "google",
    packageName: "@stageflow/ai-google",
    factory: "googleProviderFromEnv",
    envKeys: ["GEMINI_API_KEY", "GOOGLE_API_KEY"],
  },
];

/** `process.env` where there is one, else an empty environment. */
export function processEnv(): EnvironmentVariables {
  const env = (globalThis as { process?: { env?: EnvironmentVariables } }).process?.env;
  return env ?? {};
}

/** The first non-blank value of `keys` in `env`. */
export function envValue(env: EnvironmentVariables, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = env[key]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** The entries of {@link ENV_PROVIDERS} whose key is set (non-blank) in `env`. */
export function envProviderEntries(env: EnvironmentVariables = processEnv()): EnvProviderEntry[] {
  return ENV_PROVIDERS.filter((entry) => envValue(env, entry.envKeys) !== undefined);
}

/** Options of {@link providersFromEnv}. */
export interface ProvidersFromEnvOptions {
  /** Default `process.env`. */
  env?: EnvironmentVariables;
  /**
   * How provider packages are loaded. Default: `import(packageName)`. Bundled apps whose bundler
   * cannot follow a computed import pass one with static specifiers, e.g.
   * `(name) => ({ "@stageflow/ai-openai": () => import("@stageflow/ai-openai") })[name]()`.
   */
  importProvider?: ProviderImporter;
}

const defaultImporter: ProviderImporter = (packageName) => import(packageName);

/**
 * The providers whose API key is in the environment: `ANTHROPIC_API_KEY` → the Anthropic
 * provider, `OPENAI_API_KEY` → OpenAI, `GEMINI_API_KEY` or `GOOGLE_API_KEY` → Google. Each is
 * created by its package's `…ProviderFromEnv(env)`, which also reads the package's base-URL
 * variable. `createAIHelper` calls this when it is given no `providers`.
 *
 * @throws {@link ProviderPackageMissingError} when a key is set but its provider package cannot be
 * loaded.
 *
 * @example
 * ```ts
 * const ai = createAIHelper("summarize", logger, { providers: await providersFromEnv() });
 * ```
 */
export async function providersFromEnv(
  options: ProvidersFromEnvOptions = {},
): Promise<AIProvider[]> {
  const env = options.env ?? processEnv();
  const importProvider = options.importProvider ?? defaultImporter;
  const providers: AIProvider[] = [];
  for (const entry of envProviderEntries(env)) {
    const envKey = entry.envKeys.find((key) => envValue(env, [key]) !== undefined) ?? "";
    let module: unknown;
    try {
      module = await importProvider(entry.packageName);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      const problem = `could not be loaded (${reason})`;
      throw new ProviderPackageMissingError(entry.name, entry.packageName, envKey, problem, cause);
    }
    const factory = (module as Record<string, unknown> | null)?.[entry.factory];
    if (typeof factory !== "function") {
      const problem = `has no ${entry.factory} export (too old?)`;
      throw new ProviderPackageMissingError(entry.name, entry.packageName, envKey, problem);
    }
    const provider = (factory as (env: EnvironmentVariables) => AIProvider | undefined)(env);
    if (provider) providers.push(provider);
  }
  return providers;
}
