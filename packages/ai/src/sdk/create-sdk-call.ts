import { type MapSdkErrorOptions, mapSdkError } from "../errors/map-sdk-error";
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
export type SdkErrorReaders = Omit<MapSdkErrorOptions, "apiKey" | "batchId">;

function hasClient<TClient>(options: object): options is { client: TClient } {
  return "client" in options;
}

/**
 * The call wrapper every SDK-backed provider needs: takes the given client or constructs one on
 * the first call (a failed construction, e.g. a missing SDK package, is tried again on the next
 * call), and maps every failure with `mapSdkError`, the API key scrubbed from messages.
 *
 * @param provider - the provider name, e.g. `"openai"`
 * @param options - the provider's options: `{ client }` or construction options with `apiKey`
 * @param construct - builds a client from construction options, typically importing the SDK
 * @param readers - how to read the SDK's errors, where the defaults do not fit
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
): SdkCall<TClient> {
  const given = hasClient<TClient>(options);
  const apiKey = given ? undefined : (options as TConstruct).apiKey;
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
      throw mapSdkError(provider, error, { ...readers, apiKey, batchId });
    }
  };
}
