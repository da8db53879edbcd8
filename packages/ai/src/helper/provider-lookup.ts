import { ProviderNotConfiguredError } from "../errors/provider-not-configured-error";
import type { AIProvider, ProviderName } from "../provider";
import type { AIProviders } from "./ai-helper";

/** Finds the provider a model needs. */
export interface ProviderLookup {
  /** The provider registered as `name`; throws `ProviderNotConfiguredError` naming what to install. */
  get(name: ProviderName, model: string): AIProvider;
  /** Names of the configured providers. */
  names(): string[];
}

/** Indexes the `providers` option by name (array: each provider's `name`; object: its keys). */
export function createProviderLookup(providers: AIProviders = []): ProviderLookup {
  const byName = new Map<string, AIProvider>();
  if (Array.isArray(providers)) {
    for (const provider of providers as readonly AIProvider[]) byName.set(provider.name, provider);
  } else {
    for (const [name, provider] of Object.entries(providers)) {
      if (provider) byName.set(name, provider);
    }
  }
  return {
    get(name, model) {
      const provider = byName.get(name);
      if (!provider) throw new ProviderNotConfiguredError(name, model, [...byName.keys()]);
      return provider;
    },
    names: () => [...byName.keys()],
  };
}
