import type { ProviderName } from "../provider";
import { AIError } from "./ai-error";

/**
 * The model id is not in the registry (or, when a provider was named, not one of that
 * provider's models). The message and `knownModels` list what is available; add a model with the
 * `models` option of `createAIHelper`.
 */
export class UnknownModelError extends AIError {
  override readonly name: string = "UnknownModelError";
  /** The id that was asked for. */
  readonly model: string;
  /** Ids the registry knows (of `provider` when one was named). */
  readonly knownModels: readonly string[];
  /** The provider the model was looked up for, if any. */
  readonly provider: ProviderName | undefined;

  constructor(model: string, knownModels: readonly string[], provider?: ProviderName) {
    const scope = provider === undefined ? "" : ` for provider "${provider}"`;
    super(
      `Unknown model "${model}"${scope}. Known models: ${knownModels.join(", ") || "(none)"}. ` +
        "Add it with the `models` option of createAIHelper.",
      { code: "AI_UNKNOWN_MODEL" },
    );
    this.model = model;
    this.knownModels = knownModels;
    this.provider = provider;
  }
}
