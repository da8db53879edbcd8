import type { ProviderName } from "../provider";
import { ProviderNotConfiguredError } from "./provider-not-configured-error";

/**
 * An API key of a provider is in the environment, but its package could not be loaded (not
 * installed, or a bundle that cannot resolve it: pass `importProvider`, or `providers`).
 * Code `AI_PROVIDER_NOT_CONFIGURED`, like {@link ProviderNotConfiguredError}, which it extends.
 */
export class ProviderPackageMissingError extends ProviderNotConfiguredError {
  override readonly name: string = "ProviderPackageMissingError";
  /** The package that was imported. */
  readonly packageName: string;

  /**
   * @param provider - e.g. `"openai"`
   * @param packageName - e.g. `"@stageflow/ai-openai"`
   * @param envKey - the variable that is set
   * @param problem - what went wrong
   * @param cause - the import failure
   */
  constructor(
    provider: ProviderName,
    packageName: string,
    envKey: string,
    problem: string,
    cause?: unknown,
  ) {
    super(provider, "(any)", []);
    this.message =
      `${envKey} is set, but ${packageName} ${problem}. Install ${packageName} (and its SDK), ` +
      "or pass providers to createAIHelper.";
    this.packageName = packageName;
    if (cause !== undefined) Object.defineProperty(this, "cause", { value: cause });
  }
}
