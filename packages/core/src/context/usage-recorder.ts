/** One AI call's token usage and cost. */
export interface UsageRecord {
  /** Model id, e.g. `"claude-sonnet-4-5"`. */
  readonly model: string;
  /** Provider name, e.g. `"anthropic"`. */
  readonly provider?: string;
  /** Prompt tokens. */
  readonly inputTokens: number;
  /** Completion tokens. */
  readonly outputTokens: number;
  /** Cost in US dollars. */
  readonly cost: number;
  /** True when the call went through a provider batch API. */
  readonly batch?: boolean;
}

/** Sum of the {@link UsageRecord}s seen by a {@link UsageRecorder}. */
export interface UsageTotals {
  /** Sum of `inputTokens`. */
  readonly inputTokens: number;
  /** Sum of `outputTokens`. */
  readonly outputTokens: number;
  /** `inputTokens + outputTokens`. */
  readonly totalTokens: number;
  /** Sum of `cost`, in US dollars. */
  readonly cost: number;
  /** Number of records. */
  readonly calls: number;
}

/**
 * Accumulates the AI usage of one stage execution. The runtime creates one per execution
 * and exposes it as `ctx.usage`; the AI helper records into it, and the runtime adds the
 * totals to the run's `totalCost` / `totalTokens`.
 */
export interface UsageRecorder {
  /** Adds one call's usage. */
  record(usage: UsageRecord): void;
  /** Returns the totals so far (a snapshot). */
  totals(): UsageTotals;
}

function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

/**
 * Creates an in-memory {@link UsageRecorder}. Records with a negative or non-finite
 * token count or cost throw a `RangeError` rather than corrupting the totals.
 *
 * @example
 * ```ts
 * const usage = createUsageRecorder();
 * usage.record({ model: "gpt-4o", inputTokens: 10, outputTokens: 5, cost: 0.001 });
 * usage.totals(); // { inputTokens: 10, outputTokens: 5, totalTokens: 15, cost: 0.001, calls: 1 }
 * ```
 */
export function createUsageRecorder(): UsageRecorder {
  let inputTokens = 0;
  let outputTokens = 0;
  let cost = 0;
  let calls = 0;
  return {
    record(usage) {
      for (const field of ["inputTokens", "outputTokens", "cost"] as const) {
        if (!isNonNegativeNumber(usage[field])) {
          throw new RangeError(
            `Usage ${field} must be a finite number >= 0, got ${String(usage[field])}`,
          );
        }
      }
      inputTokens += usage.inputTokens;
      outputTokens += usage.outputTokens;
      cost += usage.cost;
      calls += 1;
    },
    totals() {
      return Object.freeze({
        inputTokens,
        outputTokens,
        totalTokens: inputTokens + outputTokens,
        cost,
        calls,
      });
    },
  };
}
