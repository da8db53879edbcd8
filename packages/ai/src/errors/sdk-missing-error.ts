import type { ProviderName } from "../provider";
import { AIError } from "./ai-error";

/** Options of {@link SdkMissingError}. */
export interface SdkMissingErrorOptions {
  /** How the message names the provider, e.g. `OpenAI`. Default: the provider name. */
  label?: string;
  /** Why the import failed. */
  cause?: unknown;
}

/**
 * A provider had to construct its client from `{ apiKey }` but could not import the vendor SDK,
 * an optional peer dependency. The message names the package to install; passing a ready
 * `{ client }` avoids the import. Code `AI_PROVIDER_NOT_CONFIGURED`, not retryable. Provider
 * packages subclass it (`OpenAISdkMissingError`, ...) only to keep their own `name`.
 *
 * @example
 * ```ts
 * sdk ??= import("openai").catch((cause: unknown) => {
 *   throw new SdkMissingError("openai", "openai", { label: "OpenAI", cause });
 * });
 * ```
 */
export class SdkMissingError extends AIError {
  override readonly name: string = "SdkMissingError";
  /** The provider that needed the SDK. */
  readonly provider: ProviderName;
  /** The npm package to install. */
  readonly packageName: string;

  /**
   * @param provider - the provider name, e.g. `"openai"`
   * @param packageName - the npm package that could not be imported, e.g. `"openai"`
   * @param options - how the message names the provider, and the import's error
   */
  constructor(provider: ProviderName, packageName: string, options: SdkMissingErrorOptions = {}) {
    super(
      `The ${options.label ?? provider} provider needs the \`${packageName}\` package to ` +
        `construct a client: npm i ${packageName} (or pass { client }).`,
      { code: "AI_PROVIDER_NOT_CONFIGURED", cause: options.cause, retryable: false },
    );
    this.provider = provider;
    this.packageName = packageName;
  }
}
