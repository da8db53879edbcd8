import { ProviderNotConfiguredError } from "../errors/provider-not-configured-error";
import type { AIProvider, ProviderName } from "../provider";
import type { AIProviders } from "./ai-helper";
import {
  type EnvironmentVariables,
  envProviderEntries,
  type ProviderImporter,
  processEnv,
  providersFromEnv,
} from "./providers-from-env";

/** Finds the provider a model needs. */
export interface ProviderLookup {
  /** The provider registered as `name`; throws `ProviderNotConfiguredError` naming what to install. */
  get(name: ProviderName, model: string): AIProvider;
  /** Names of the configured providers. */
  names(): string[];
  /** Resolves once `get` can answer (at once, unless providers come from the environment). */
  ready(): Promise<void>;
  /** Whether `get` can answer without waiting for {@link ProviderLookup.ready}. */
  isReady(): boolean;
}

function indexProviders(providers: AIProviders): Map<string, AIProvider> {
  const byName = new Map<string, AIProvider>();
  if (Array.isArray(providers)) {
    for (const provider of providers as readonly AIProvider[]) byName.set(provider.name, provider);
  } else {
    for (const [name, provider] of Object.entries(providers)) {
      if (provider) byName.set(name, provider);
    }
  }
  return byName;
}

/**
 * Indexes the `providers` option by name (array: each provider's `name`; object: its keys). With
 * no `providers`, the providers whose API keys are in `env` (see `providersFromEnv`), loaded on
 * first use.
 */
export function createProviderLookup(
  providers: AIProviders | undefined,
  fromEnv: { env?: EnvironmentVariables; importProvider?: ProviderImporter } = {},
): ProviderLookup {
  let byName = providers === undefined ? undefined : indexProviders(providers);
  const env = fromEnv.env ?? processEnv();
  const envNames = envProviderEntries(env).map((entry) => entry.name);
  let loading: Promise<void> | undefined;
  return {
    get(name, model) {
      const provider = byName?.get(name);
      if (!provider) {
        throw new ProviderNotConfiguredError(name, model, byName ? [...byName.keys()] : envNames);
      }
      return provider;
    },
    names: () => (byName ? [...byName.keys()] : envNames),
    isReady: () => byName !== undefined,
    ready() {
      if (byName) return Promise.resolve();
      loading ??= providersFromEnv({ env, ...fromEnv }).then(
        (loaded) => {
          byName = indexProviders(loaded);
        },
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      );
      return loading;
    },
  };
}
