import type { ProviderName } from "../provider";
import { AIError } from "./ai-error";

const INSTALL_HINTS: Record<string, string> = {
  anthropic: "Install @stageflow/ai-anthropic and pass anthropicProvider({ apiKey }) in providers",
  openai: "Install @stageflow/ai-openai and pass openaiProvider({ apiKey }) in providers",
  google: "Install @stageflow/ai-google and pass googleProvider({ apiKey }) in providers",
  offline: "Pass offlineProvider() from @stageflow/ai in providers",
};

/** How to configure a provider, as told by {@link ProviderNotConfiguredError}. */
export function providerInstallHint(provider: ProviderName): string {
  return (
    INSTALL_HINTS[provider] ?? `Pass a provider registered as "${provider}" in the providers option`
  );
}

/**
 * A model needs a provider that was not passed to `createAIHelper`. The message names the package
 * to install and the factory to call, e.g. `Install @stageflow/ai-anthropic and pass
 * anthropicProvider({ apiKey }) in providers`.
 */
export class ProviderNotConfiguredError extends AIError {
  override readonly name: string = "ProviderNotConfiguredError";
  /** The missing provider. */
  readonly provider: ProviderName;
  /** The model that needed it. */
  readonly model: string;

  constructor(provider: ProviderName, model: string, configured: readonly string[]) {
    const have = configured.length > 0 ? configured.join(", ") : "none";
    super(
      `Model "${model}" needs the "${provider}" provider, which is not configured ` +
        `(configured: ${have}). ${providerInstallHint(provider)}.`,
      { code: "AI_PROVIDER_NOT_CONFIGURED" },
    );
    this.provider = provider;
    this.model = model;
  }
}
