/**
 * The AI helper's guard ports (`AIRateLimiter`, `AIMemoStore`, `AIBudgetLedger` of
 * `@stageflow/ai`), described here by shape so this package does not depend on `@stageflow/ai`.
 */

/** A limit of requests and/or tokens per minute (the shape of `AIRateLimitRule`). */
export interface AIRateLimitRuleShape {
  readonly provider: string;
  /** Omitted: every model of the provider shares the rule. */
  readonly model?: string;
  readonly requestsPerMinute?: number;
  readonly tokensPerMinute?: number;
  /** Accounting window in ms (default 60 000); per-minute limits are scaled to it. */
  readonly windowMs?: number;
}

/** A granted reservation (the shape of `AIRateLimitTicket`). */
export interface AIRateLimitTicketShape {
  readonly key: string;
  readonly id: string;
  readonly tokens: number;
}

/** The shape of `AIRateLimitDecision`. */
export type AIRateLimitDecisionShape =
  | { readonly granted: true; readonly ticket: AIRateLimitTicketShape | null }
  | { readonly granted: false; readonly retryAfterMs: number; readonly reason: string };

/** An `AIRateLimiter` on `stageflow_ai_rate_limits`. */
export interface KyselyAIRateLimiter {
  /** The rules it enforces. */
  readonly rules: readonly AIRateLimitRuleShape[];
  reserve(request: {
    readonly provider: string;
    readonly model: string;
    readonly tokens: number;
    readonly now: Date;
  }): Promise<AIRateLimitDecisionShape>;
  settle(ticket: AIRateLimitTicketShape, actualTokens: number, now: Date): Promise<void>;
  block(provider: string, model: string, until: Date): Promise<void>;
}

/** A stored response (the shape of `AIMemoEntry`). */
export interface AIMemoEntryShape {
  readonly key: string;
  readonly provider: string;
  readonly model: string;
  readonly kind: string;
  readonly response: unknown;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** An `AIMemoStore` on `stageflow_ai_memo`. */
export interface KyselyAIMemoStore {
  readonly ttlMs: number;
  get(key: string, now: Date): Promise<AIMemoEntryShape | undefined>;
  put(entry: AIMemoEntryShape): Promise<void>;
  /** Deletes the entries expired at `now`; returns how many. */
  deleteExpired(now: Date): Promise<number>;
}

/** A hold on a run's budget (the shape of `AIBudgetReservation`). */
export interface AIBudgetReservationShape {
  readonly workflowRunId: string;
  readonly amountUsd: number;
}

/** The shape of `AIBudgetDecision`. */
export type AIBudgetDecisionShape =
  | { readonly granted: true; readonly reservation: AIBudgetReservationShape | null }
  | {
      readonly granted: false;
      readonly budgetUsd: number;
      readonly spentUsd: number;
      readonly reservedUsd: number;
    };

/** What a run with a budget has spent and holds. */
export interface AIBudgetStateShape {
  readonly workflowRunId: string;
  readonly budgetUsd: number;
  readonly spentUsd: number;
  readonly reservedUsd: number;
}

/** An `AIBudgetLedger` on `stageflow_ai_budgets` (budgets from `stageflow_runs.budget_usd`). */
export interface KyselyAIBudgetLedger {
  reserve(request: {
    readonly workflowRunId: string;
    readonly amountUsd: number;
    readonly now: Date;
  }): Promise<AIBudgetDecisionShape>;
  settle(reservation: AIBudgetReservationShape, actualUsd: number, now: Date): Promise<void>;
  /** The run's budget state, or `null` for a run without a budget or without calls yet. */
  get(workflowRunId: string): Promise<AIBudgetStateShape | null>;
}
