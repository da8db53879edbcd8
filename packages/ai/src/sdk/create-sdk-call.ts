import { registerSecretValue } from "@stageflow/core";
import { type MapSdkErrorOptions, mapSdkError } from "../errors/map-sdk-error";
import { MissingApiKeyError } from "../errors/missing-api-key-error";
import type { ProviderName } from "../provider";

/**
 * Runs one vendor SDK call with the provider's client and rethrows whatever it throws as a typed
 * `AIError`. Pass the batch id of calls about a batch: a 404 then becomes `BatchNotFoundError`.
 */
export type SdkCall<TClient> = <T>(
  fn: (client: TClient) => PromiseLike<T>,
  batchId?: string,
) => Promise<T>;

/**
 * The options of an SDK-backed provider: a ready `{ client }`, or the options that construct one
 * (with the API key, which is then scrubbed from error messages).
 */
export type SdkClientOptions<TClient, TConstruct extends { apiKey: string }> =
  | { client: TClient }
  | TConstruct;

/** How to read the SDK's errors: see `MapSdkErrorOptions` (the key and batch id are filled in). */
export type SdkErrorReaders = Omit<MapSdkErrorOptions, "apiKey" | "batchId" | "baseURL">;

/** Facts about the vendor's API that a provider gives {@link createSdkCall}. */
export interface SdkCallSettings {
  /** The origin the SDK calls when no `baseURL` is set, named in connection errors. */
  defaultBaseURL?: string;
  /** Where the key usually comes from (e.g. `ANTHROPIC_API_KEY`), for the missing-key message. */
  apiKeyEnv?: string;
}

function stringProperty(value: unknown, name: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const property = (value as Record<string, unknown>)[name];
  return typeof property === "string" && property !== "" ? property : undefined;
}

function hasClient<TClient>(options: object): options is { client: TClient } {
  return "client" in options;
}

/**
 * The call wrapper every SDK-backed provider needs: takes the given client or constructs one on
 * the first call (a failed construction, e.g. a missing SDK package, is tried again on the next
 * call), and maps every failure with `mapSdkError`, the API key scrubbed from messages and the
 * host named in connection errors. With construction options, an empty or missing `apiKey` throws
 * `MissingApiKeyError` at once, and the key is registered with `registerSecretValue` of
 * `@stageflow/core`, so Stageflow redacts it from everything it stores.
 *
 * @param provider - the provider name, e.g. `"openai"`
 * @param options - the provider's options: `{ client }` or construction options with `apiKey`
 * @param construct - builds a client from construction options, typically importing the SDK
 * @param readers - how to read the SDK's errors, where the defaults do not fit
 * @param settings - the vendor's default origin and the usual environment variable of its key
 *
 * @example
 * ```ts
 * const call = createSdkCall("openai", options, createOpenAIClient);
 * const completion = await call((c) => c.chat.completions.create(body));
 * const batch = await call((c) => c.batches.retrieve(batchId), batchId);
 * ```
 */
export function createSdkCall<TClient, TConstruct extends { apiKey: string }>(
  provider: ProviderName,
  options: SdkClientOptions<TClient, TConstruct>,
  construct: (options: TConstruct) => Promise<TClient>,
  readers: SdkErrorReaders = {},
  settings: SdkCallSettings = {},
): SdkCall<TClient> {
  const given = hasClient<TClient>(options);
  const apiKey = given ? undefined : (options as TConstruct).apiKey;
  if (!given && (typeof apiKey !== "string" || apiKey.trim() === "")) {
    throw new MissingApiKeyError(provider, settings.apiKeyEnv);
  }
  registerSecretValue(apiKey);
  const baseURL =
    (given ? stringProperty(options.client, "baseURL") : stringProperty(options, "baseURL")) ??
    settings.defaultBaseURL;
  let client: Promise<TClient> | undefined;
  const getClient = (): Promise<TClient> => {
    client ??= (given ? Promise.resolve(options.client) : construct(options as TConstruct)).catch(
      (error: unknown) => {
        client = undefined;
        throw error;
      },
    );
    return client;
  };
  return async (fn, batchId) => {
    try {
      return await fn(await getClient());
    } catch (error) {
      throw mapSdkError(provider, error, { ...readers, apiKey, batchId, baseURL });
    }
  };
}
