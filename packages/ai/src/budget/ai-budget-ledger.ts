/**
 * The budget-ledger port: the AI cost budget of a run and what its calls spent and hold, shared
 * by every worker. `@stageflow/persistence-kysely` implements it on the database
 * (`createKyselyAIBudgetLedger`: the budget is the run's `budgetUsd`).
 */

/** A granted hold on a run's budget, handed back to {@link AIBudgetLedger.settle}. */
export interface AIBudgetReservation {
  readonly workflowRunId: string;
  /** USD held for the call (its estimate). */
  readonly amountUsd: number;
}

/** The ledger's answer: go ahead (with a hold when the run has a budget), or refused. */
export type AIBudgetDecision =
  | { readonly granted: true; readonly reservation: AIBudgetReservation | null }
  | {
      readonly granted: false;
      readonly budgetUsd: number;
      /** USD spent by the run's finished calls. */
      readonly spentUsd: number;
      /** USD held by its calls in flight. */
      readonly reservedUsd: number;
    };

/** Per-run AI cost budgets. */
export interface AIBudgetLedger {
  /**
   * Atomically holds `amountUsd` of the run's budget when spent + held + amount stays within it;
   * a run without a budget is always granted (reservation `null`).
   */
  reserve(request: {
    readonly workflowRunId: string;
    readonly amountUsd: number;
    readonly now: Date;
  }): Promise<AIBudgetDecision>;
  /** Releases a hold and adds the call's actual cost (0 for a failed call) to what was spent. */
  settle(reservation: AIBudgetReservation, actualUsd: number, now: Date): Promise<void>;
}
