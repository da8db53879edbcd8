import type {
  KyselyAIBudgetLedger,
  KyselyAIMemoStore,
  KyselyAIRateLimiter,
} from "@stageflow/persistence-kysely";

/**
 * The AI guards of a Stageflow instance, on its database: spread them into `createAIHelper`'s
 * options (`{ providers, stage: ctx, ...sf.aiGuards }`). Each is present when the `ai` option
 * turns it on (the budget ledger by default).
 */
export interface StageflowAIGuards {
  /** Shared rate limits (`ai.rateLimits`). */
  readonly rateLimiter?: KyselyAIRateLimiter;
  /** Memoized calls (`ai.memo`). */
  readonly memo?: KyselyAIMemoStore;
  /** Per-run cost budgets (on unless `ai.budgets: false`). */
  readonly budget?: KyselyAIBudgetLedger;
}
