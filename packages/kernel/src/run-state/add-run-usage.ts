import type { UsageTotals } from "@stageflow/core";
import type { Persistence } from "../ports/persistence";
import type { RunRecord } from "../records/run-record";
import type { StageRecord } from "../records/stage-record";

/** Usage totals of nothing. */
export const NO_USAGE: UsageTotals = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  totalTokens: 0,
  cost: 0,
  calls: 0,
});

/**
 * Adds one execution's AI usage to the run's `totalCost` / `totalTokens` (version-checked; the run
 * was read in this transaction). Returns the run unchanged when there is nothing to add.
 */
export async function addRunUsage(
  tx: Persistence,
  run: RunRecord,
  usage: UsageTotals,
  now: Date,
): Promise<RunRecord> {
  if (usage.cost === 0 && usage.totalTokens === 0) return run;
  return tx.updateRun(
    run.id,
    { totalCost: run.totalCost + usage.cost, totalTokens: run.totalTokens + usage.totalTokens },
    now,
    { expectedVersion: run.version },
  );
}

/** The stage's accumulated cost and tokens after adding one execution's usage. */
export function stageUsageAfter(
  stage: StageRecord,
  usage: UsageTotals,
): Pick<StageRecord, "cost" | "inputTokens" | "outputTokens"> {
  return {
    cost: stage.cost + usage.cost,
    inputTokens: stage.inputTokens + usage.inputTokens,
    outputTokens: stage.outputTokens + usage.outputTokens,
  };
}

/**
 * The metrics stored on a stage: earlier metrics, overlaid by the body's custom metrics, plus this
 * execution's AI usage (`aiCalls`, `aiInputTokens`, `aiOutputTokens`, `aiCost`) when it made calls.
 * `null` when there is nothing to store.
 */
export function stageMetrics(
  previous: Record<string, number> | null,
  custom: Record<string, number> | undefined,
  usage: UsageTotals,
): Record<string, number> | null {
  const metrics: Record<string, number> = { ...previous, ...custom };
  if (usage.calls > 0) {
    metrics.aiCalls = (previous?.aiCalls ?? 0) + usage.calls;
    metrics.aiInputTokens = (previous?.aiInputTokens ?? 0) + usage.inputTokens;
    metrics.aiOutputTokens = (previous?.aiOutputTokens ?? 0) + usage.outputTokens;
    metrics.aiCost = (previous?.aiCost ?? 0) + usage.cost;
  }
  return Object.keys(metrics).length === 0 ? null : metrics;
}
