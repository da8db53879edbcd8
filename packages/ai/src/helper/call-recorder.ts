import type { AICallKind, AICallLogger, AICallRecord, AIStats } from "../logger";
import { aggregateAIStats } from "../logging/aggregate-ai-stats";
import { errorMessage } from "../logging/redact-secrets";
import { roundUsd } from "../models/compute-cost";
import type { ModelInfo } from "../models/model-info";
import type { AIStageBinding } from "../stage-binding";

/** One finished call (or batch request) as the helper reports it. */
export interface CallOutcome {
  model: ModelInfo;
  provider: string;
  kind: AICallKind;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  batch: boolean;
  /** The error of a failed call; absent on success. */
  error?: unknown;
  startedAt: Date;
  batchId?: string;
  requestId?: string;
  /** Answered from the memo store (no vendor request, cost 0). */
  cached?: boolean;
}

/** Logs calls, feeds the bound stage's usage recorder, and keeps local stats. */
export interface CallRecorder {
  /** Current time of the helper's clock. */
  now(): Date;
  /** Logs one record per outcome; adds their usage to the stage in one entry when `aggregate`. */
  record(outcomes: readonly CallOutcome[], options?: { aggregate?: boolean }): Promise<void>;
  /** Stats from the logger when it can answer, else from the local records. */
  stats(): Promise<AIStats>;
}

/** Dependencies of {@link createCallRecorder}. */
export interface CallRecorderOptions {
  topic: string;
  logger: AICallLogger | undefined;
  stage: AIStageBinding | undefined;
  now: () => Date;
  onLogError: (error: unknown, record: AICallRecord) => void;
}

/** Creates the recorder a helper reports through. */
export function createCallRecorder(options: CallRecorderOptions): CallRecorder {
  const { topic, logger, stage, now, onLogError } = options;
  const local: AICallRecord[] = [];

  const toRecord = (outcome: CallOutcome): AICallRecord => {
    const record: AICallRecord = {
      topic,
      provider: outcome.provider,
      model: outcome.model.id,
      kind: outcome.kind,
      inputTokens: outcome.inputTokens,
      outputTokens: outcome.outputTokens,
      cost: outcome.cost,
      batch: outcome.batch,
      status: outcome.error === undefined ? "succeeded" : "failed",
      durationMs: Math.max(0, now().getTime() - outcome.startedAt.getTime()),
      createdAt: outcome.startedAt,
    };
    if (outcome.error !== undefined) record.error = errorMessage(outcome.error);
    if (outcome.model.priced === false) record.costUnknown = true;
    if (stage) {
      record.workflowRunId = stage.workflowRunId;
      record.stageId = stage.stageId;
    }
    if (outcome.batchId !== undefined) record.batchId = outcome.batchId;
    if (outcome.requestId !== undefined) record.requestId = outcome.requestId;
    if (outcome.cached === true) record.cached = true;
    return record;
  };

  const recordUsage = (outcomes: readonly CallOutcome[]) => {
    const usage = stage?.usage;
    const first = outcomes[0];
    if (!usage || !first) return;
    const inputTokens = sum(outcomes, (o) => o.inputTokens);
    const outputTokens = sum(outcomes, (o) => o.outputTokens);
    const cost = sum(outcomes, (o) => o.cost);
    if (inputTokens === 0 && outputTokens === 0 && cost === 0) return;
    usage.record({
      model: first.model.id,
      provider: first.provider,
      inputTokens,
      outputTokens,
      cost: roundUsd(cost),
      batch: first.batch,
    });
  };

  return {
    now,
    async record(outcomes, { aggregate = false } = {}) {
      if (aggregate) recordUsage(outcomes);
      else for (const outcome of outcomes) recordUsage([outcome]);
      for (const outcome of outcomes) {
        const record = toRecord(outcome);
        local.push(record);
        if (!logger) continue;
        try {
          await logger.logCall({ ...record });
        } catch (error) {
          onLogError(error, record);
        }
      }
    },
    async stats() {
      if (logger?.getStats) return await logger.getStats(topic);
      return aggregateAIStats(local, topic);
    },
  };
}

function sum<T>(items: readonly T[], pick: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += pick(item);
  return total;
}
