import { type EnvironmentVariables, envValue, processEnv } from "@stageflow/ai";
import { type GoogleProvider, googleProvider } from "./google-provider";

/** The variables holding the API key, in order of preference. */
export const GOOGLE_API_KEY_ENV = ["GEMINI_API_KEY", "GOOGLE_API_KEY"] as const;

/**
 * The Google provider configured from the environment: the key from `GEMINI_API_KEY` or `GOOGLE_API_KEY`,
 * the origin from `GOOGLE_GEMINI_BASE_URL` when set. `undefined` when no key is set (a blank value counts as
 * unset). `createAIHelper` without `providers` calls it through `providersFromEnv`.
 *
 * @param env - default `process.env`
 *
 * @example
 * ```ts
 * const google = googleProviderFromEnv();
 * const ai = createAIHelper("t", logger, { providers: google ? [google] : [] });
 * ```
 */
export function googleProviderFromEnv(
  env: EnvironmentVariables = processEnv(),
): GoogleProvider | undefined {
  const apiKey = envValue(env, GOOGLE_API_KEY_ENV);
  if (apiKey === undefined) return undefined;
  const baseURL = envValue(env, ["GOOGLE_GEMINI_BASE_URL"]);
  return googleProvider(baseURL === undefined ? { apiKey } : { apiKey, baseURL });
}
