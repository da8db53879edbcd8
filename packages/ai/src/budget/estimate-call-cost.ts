import { computeCost } from "../models/compute-cost";
import type { ModelInfo } from "../models/model-info";

/** Output tokens assumed for a chat call that sets no `maxTokens`, when estimating its cost. */
export const DEFAULT_OUTPUT_TOKENS_ESTIMATE = 4_096;

/**
 * The most a call is expected to cost, before it is made: the input estimate (see
 * `estimateInputTokens`) at the model's input price plus `maxTokens` (default
 * {@link DEFAULT_OUTPUT_TOKENS_ESTIMATE}; 0 for embeddings) at its output price. 0 for a model
 * missing from the price table.
 */
export function estimateCallCost(
  model: ModelInfo,
  inputTokens: number,
  maxOutputTokens: number | undefined,
): number {
  const outputTokens =
    model.kind === "embedding" ? 0 : (maxOutputTokens ?? DEFAULT_OUTPUT_TOKENS_ESTIMATE);
  return computeCost(model, { inputTokens, outputTokens });
}
