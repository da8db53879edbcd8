import type { ProviderName } from "../provider";

/** What a model does: chat models answer text and objects, embedding models return vectors. */
export type ModelKind = "chat" | "embedding";

/**
 * One entry of the model registry: which provider serves the model and what it costs.
 * Prices are USD per million tokens at the standard (non-batch) rate.
 */
export interface ModelInfo {
  /** The id passed to the vendor API and to `ai.generateText(model, ...)`. */
  readonly id: string;
  /** The provider that serves it; picks the entry of the `providers` option. */
  readonly provider: ProviderName;
  /** `chat` (text and structured output) or `embedding`. */
  readonly kind: ModelKind;
  /** USD per million input tokens. */
  readonly inputPricePerMillion: number;
  /** USD per million output tokens (0 for embedding models). */
  readonly outputPricePerMillion: number;
  /**
   * `false` for a model the registry does not know: it is called all the same, its prices are 0
   * and its call records say `costUnknown: true`. Absent (priced) for registry entries.
   */
  readonly priced?: boolean;
}
