import type { AICallRecord, AIStats } from "../logger";
import { roundUsd } from "../models/compute-cost";

/** Stats of no calls at all. */
export function emptyAIStats(): AIStats {
  return { calls: 0, failedCalls: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0, cost: 0 };
}

/**
 * Sums calls, tokens and cost of the records whose topic starts with `topicPrefix`
 * (all records when it is empty).
 */
export function aggregateAIStats(records: Iterable<AICallRecord>, topicPrefix = ""): AIStats {
  const stats = emptyAIStats();
  for (const record of records) {
    if (!record.topic.startsWith(topicPrefix)) continue;
    stats.calls += 1;
    if (record.status === "failed") stats.failedCalls += 1;
    stats.inputTokens += record.inputTokens;
    stats.outputTokens += record.outputTokens;
    stats.cost += record.cost;
  }
  stats.totalTokens = stats.inputTokens + stats.outputTokens;
  stats.cost = roundUsd(stats.cost);
  return stats;
}
