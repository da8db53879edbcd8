/**
 * One AI call as `@stageflow/ai` reports it to an `AICallLogger`, described by the fields this
 * logger reads (so `@stageflow/testing` does not depend on `@stageflow/ai`); records keep every
 * other field they carry.
 */
export interface AICallRecordLike {
  topic: string;
  status: "succeeded" | "failed";
  inputTokens: number;
  outputTokens: number;
  cost: number;
  workflowRunId?: string;
  stageId?: string;
}

/** Calls, tokens and cost of the records under a topic prefix (the shape of `AIStats`). */
export interface AICallStats {
  calls: number;
  failedCalls: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cost: number;
}

/**
 * An `AICallLogger` (from `@stageflow/ai`) that keeps records in memory, for tests: pass it to
 * `createAIHelper` and assert on `records`, `forRun(id)` or `getStats(prefix)`.
 *
 * @example
 * ```ts
 * const aiLog = new InMemoryAICallLogger();
 * const ai = createAIHelper("summaries", aiLog, { providers: [offlineProvider()] });
 * await ai.generateText("offline-text", "Stageflow runs stages.");
 * expect(aiLog.getStats("summaries").calls).toBe(1);
 * ```
 */
export class InMemoryAICallLogger<TRecord extends AICallRecordLike = AICallRecordLike> {
  readonly #records: TRecord[] = [];

  /** Every record logged so far, oldest first (copies). */
  get records(): TRecord[] {
    return this.#records.map((record) => ({ ...record }));
  }

  /** Stores a copy of `record`. */
  logCall(record: TRecord): void {
    this.#records.push({ ...record });
  }

  /** The records attributed to one run (by stages' AI helpers), oldest first. */
  forRun(workflowRunId: string): TRecord[] {
    return this.records.filter((record) => record.workflowRunId === workflowRunId);
  }

  /** Sums the records whose topic starts with `topicPrefix` (all of them for `""`). */
  getStats(topicPrefix: string): AICallStats {
    const stats = {
      calls: 0,
      failedCalls: 0,
      inputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
      cost: 0,
    };
    for (const record of this.#records) {
      if (!record.topic.startsWith(topicPrefix)) continue;
      stats.calls += 1;
      if (record.status === "failed") stats.failedCalls += 1;
      stats.inputTokens += record.inputTokens;
      stats.outputTokens += record.outputTokens;
      stats.cost += record.cost;
    }
    stats.totalTokens = stats.inputTokens + stats.outputTokens;
    return stats;
  }

  /** Forgets the records of the given runs; returns how many. */
  deleteRuns(workflowRunIds: readonly string[]): number {
    const ids = new Set(workflowRunIds);
    const kept = this.#records.filter(
      (record) => record.workflowRunId === undefined || !ids.has(record.workflowRunId),
    );
    const deleted = this.#records.length - kept.length;
    this.#records.splice(0, this.#records.length, ...kept);
    return deleted;
  }

  /** Forgets every record. */
  clear(): void {
    this.#records.length = 0;
  }
}
