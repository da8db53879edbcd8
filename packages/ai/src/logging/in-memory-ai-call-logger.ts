import type { AIBatchInfo } from "../helper/ai-batch";
import type { AICallLogger, AICallRecord, AIStats } from "../logger";
import { aggregateAIStats } from "./aggregate-ai-stats";

/** An {@link AICallLogger} that keeps records in memory, with accessors for tests. */
export interface InMemoryAICallLogger extends AICallLogger {
  /** Every record logged so far, oldest first (copies). */
  readonly records: readonly AICallRecord[];
  getStats(topicPrefix: string): AIStats;
  /** Forgets every record. */
  clear(): void;
}

/**
 * A logger that keeps AI call records (and the batch infos `getResults` needs) in memory: for
 * tests, examples and scripts. Records are
 * lost when the process exits; use `createKyselyAICallLogger` from
 * `@stageflow/persistence-kysely` in production.
 *
 * @example
 * ```ts
 * const logger = createInMemoryAICallLogger();
 * const ai = createAIHelper("demo", logger, { providers: [offlineProvider()] });
 * await ai.generateText("offline-text", "Stageflow runs stages. Stages can suspend.");
 * logger.getStats("demo").calls; // 1
 * ```
 */
export function createInMemoryAICallLogger(): InMemoryAICallLogger {
  let records: AICallRecord[] = [];
  const batches = new Map<string, AIBatchInfo>();
  return {
    saveBatchInfo(info) {
      batches.set(`${info.provider}\u0000${info.batchId}`, structuredClone(info));
    },
    loadBatchInfo(provider, batchId) {
      const info = batches.get(`${provider}\u0000${batchId}`);
      return info === undefined ? undefined : structuredClone(info);
    },
    get records() {
      return records.map((r) => ({ ...r }));
    },
    logCall(record) {
      records.push({ ...record });
    },
    getStats: (topicPrefix) => aggregateAIStats(records, topicPrefix),
    clear() {
      records = [];
    },
  };
}
