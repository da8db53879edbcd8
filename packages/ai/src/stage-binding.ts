import type { StageTelemetry } from "@stageflow/core";

/**
 * One usage entry as `@stageflow/core`'s `UsageRecorder.record` accepts it: the kernel sums the
 * entries of a stage into the run's `totalCost` and `totalTokens`.
 */
export interface AIUsageEntry {
  model: string;
  provider?: string;
  inputTokens: number;
  outputTokens: number;
  /** USD. */
  cost: number;
  /** Billed at the batch price. */
  batch?: boolean;
}

/** Anything that accepts usage entries, such as a stage context's `usage`. */
export interface AIUsageRecorder {
  record(entry: AIUsageEntry): void;
}

/**
 * What the AI helper needs from a stage to attribute calls to it. Described by shape, so a
 * `StageContext`, a `CheckCompletionContext` or a plain object fits:
 *
 * - `workflowRunId` and `stageId` go into every logged record;
 * - `usage` (when present) receives every call's tokens and cost, so the run's totals include them;
 * - `signal` (when present) aborts in-flight vendor requests when the run is cancelled;
 * - `telemetry` (when present: the kernel has a `telemetry` option) observes every call, e.g. as
 *   GenAI client spans under the stage's span.
 *
 * @example
 * ```ts
 * async execute(ctx) {
 *   const ai = createAIHelper(`summarize.${ctx.workflowRunId}`, logger, { providers, stage: ctx });
 * }
 * ```
 */
export interface AIStageBinding {
  readonly workflowRunId: string;
  readonly stageId: string;
  readonly usage?: AIUsageRecorder;
  readonly signal?: AbortSignal;
  readonly telemetry?: StageTelemetry | undefined;
}
