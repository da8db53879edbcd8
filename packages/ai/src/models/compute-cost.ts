import type { ModelInfo } from "./model-info";
import { getModel } from "./model-registry";

/** Batch APIs (Anthropic, OpenAI, Google) bill half the standard price. */
export const BATCH_DISCOUNT = 0.5;

/** Token counts a cost is computed from. */
export interface TokenUsage {
  inputTokens: number;
  /** Omitted or 0 for embeddings. */
  outputTokens?: number;
}

/** Options of {@link computeCost}. */
export interface ComputeCostOptions {
  /** Apply {@link BATCH_DISCOUNT}. */
  batch?: boolean;
}

/**
 * Cost in USD of a call of `model` (an entry, or an id of the default table): `(input × inputPrice + output × outputPrice) / 1e6`, halved for batches,
 * rounded to 1e-10 USD so sums of decimal prices stay exact (`0.0105`, not `0.010499999`).
 *
 * @example
 * ```ts
 * computeCost("claude-sonnet-4-5", { inputTokens: 1000, outputTokens: 500 }); // 0.0105
 * computeCost("claude-sonnet-4-5", { inputTokens: 1000, outputTokens: 500 }, { batch: true }); // 0.00525
 * ```
 */
export function computeCost(
  model: Pick<ModelInfo, "inputPricePerMillion" | "outputPricePerMillion"> | string,
  usage: TokenUsage,
  options: ComputeCostOptions = {},
): number {
  const prices = typeof model === "string" ? getModel(model) : model;
  const full =
    (usage.inputTokens * prices.inputPricePerMillion +
      (usage.outputTokens ?? 0) * prices.outputPricePerMillion) /
    1_000_000;
  return roundUsd(options.batch ? full * BATCH_DISCOUNT : full);
}

/** Rounds an amount of USD to 1e-10, the precision costs are kept at. */
export function roundUsd(amount: number): number {
  return Math.round(amount * 1e10) / 1e10;
}
