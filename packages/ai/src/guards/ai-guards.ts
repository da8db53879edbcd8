import type { AIBudgetLedger } from "../budget/ai-budget-ledger";
import type { AIRateLimiter } from "../limits/ai-rate-limiter";
import type { AIMemoStore } from "../memo/ai-memo-store";

/**
 * The guards a helper applies to every text, object and embedding call (batches are not
 * guarded: they are asynchronous and half price). All optional; each is shared by every worker
 * when it is backed by the database (`createKyselyAIRateLimiter`, `createKyselyAIMemoStore`,
 * `createKyselyAIBudgetLedger`, or all three as `sf.aiGuards` of `@stageflow/engine`).
 */
export interface AIGuards {
  /**
   * Shared limits per provider / model. A call without capacity is not made: it throws
   * `AIRateLimitWaitError`, which the kernel turns into a delayed re-run of the stage's attempt
   * (not a failed attempt). A vendor 429 with `Retry-After` blocks the limit for every worker.
   */
  readonly rateLimiter?: AIRateLimiter;
  /**
   * Opt-in memo of successful calls by content (provider, model, parameters, prompt, schema):
   * a repeated call within the store's TTL gets the stored response, recorded with cost 0 and
   * `cached: true`. Turn it off per call with `{ memo: false }`.
   */
  readonly memo?: AIMemoStore;
  /**
   * Per-run cost budgets (bound helpers only): a call whose estimate would take the run over its
   * budget is refused before it is made with `AIBudgetExceededError` (not retryable).
   */
  readonly budget?: AIBudgetLedger;
}
