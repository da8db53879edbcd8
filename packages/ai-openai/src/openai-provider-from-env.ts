import { type EnvironmentVariables, envValue, processEnv } from "@stageflow/ai";
import { type OpenAIProvider, openaiProvider } from "./openai-provider";

/** The variables holding the API key, in order of preference. */
export const OPENAI_API_KEY_ENV = ["OPENAI_API_KEY"] as const;

/**
 * The OpenAI provider configured from the environment: the key from `OPENAI_API_KEY`,
 * the origin from `OPENAI_BASE_URL` when set. `undefined` when no key is set (a blank value counts as
 * unset). `createAIHelper` without `providers` calls it through `providersFromEnv`.
 *
 * @param env - default `process.env`
 *
 * @example
 * ```ts
 * const openai = openaiProviderFromEnv();
 * const ai = createAIHelper("t", logger, { providers: openai ? [openai] : [] });
 * ```
 */
export function openaiProviderFromEnv(
  env: EnvironmentVariables = processEnv(),
): OpenAIProvider | undefined {
  const apiKey = envValue(env, OPENAI_API_KEY_ENV);
  if (apiKey === undefined) return undefined;
  const baseURL = envValue(env, ["OPENAI_BASE_URL"]);
  return openaiProvider(baseURL === undefined ? { apiKey } : { apiKey, baseURL });
}
