import { type EnvironmentVariables, envValue, processEnv } from "@stageflow/ai";
import { type AnthropicProvider, anthropicProvider } from "./anthropic-provider";

/** The variables holding the API key, in order of preference. */
export const ANTHROPIC_API_KEY_ENV = ["ANTHROPIC_API_KEY"] as const;

/**
 * The Anthropic provider configured from the environment: the key from `ANTHROPIC_API_KEY`,
 * the origin from `ANTHROPIC_BASE_URL` when set. `undefined` when no key is set (a blank value counts as
 * unset). `createAIHelper` without `providers` calls it through `providersFromEnv`.
 *
 * @param env - default `process.env`
 *
 * @example
 * ```ts
 * const anthropic = anthropicProviderFromEnv();
 * const ai = createAIHelper("t", logger, { providers: anthropic ? [anthropic] : [] });
 * ```
 */
export function anthropicProviderFromEnv(
  env: EnvironmentVariables = processEnv(),
): AnthropicProvider | undefined {
  const apiKey = envValue(env, ANTHROPIC_API_KEY_ENV);
  if (apiKey === undefined) return undefined;
  const baseURL = envValue(env, ["ANTHROPIC_BASE_URL"]);
  return anthropicProvider(baseURL === undefined ? { apiKey } : { apiKey, baseURL });
}
