import type { ProviderName } from "../provider";
import { AIError } from "./ai-error";

/**
 * A provider was created with an empty or missing API key. Thrown by the provider factory itself
 * (`anthropicProvider({ apiKey: "" })`), so a misconfigured key fails at start-up instead of on
 * the first call. Not retryable.
 */
export class MissingApiKeyError extends AIError {
  override readonly name: string = "MissingApiKeyError";
  /** The provider that was being created. */
  readonly provider: ProviderName;

  /**
   * @param provider - the provider name, e.g. `"anthropic"`
   * @param envHint - the environment variable(s) that usually hold the key, for the message
   */
  constructor(provider: ProviderName, envHint?: string) {
    const hint = envHint === undefined ? "" : ` (usually ${envHint})`;
    super(
      `The ${provider} provider needs a non-empty apiKey${hint}, or a ready SDK client as { client }.`,
      { code: "AI_MISSING_API_KEY", retryable: false },
    );
    this.provider = provider;
  }
}
