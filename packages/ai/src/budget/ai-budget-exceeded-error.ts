import { AIError } from "../errors/ai-error";

/**
 * An AI call would take its run over the run's budget, so it was refused before any request was
 * made. Not retryable: the stage fails at once. Code `AI_BUDGET_EXCEEDED`.
 */
export class AIBudgetExceededError extends AIError {
  override readonly name: string = "AIBudgetExceededError";
  readonly workflowRunId: string;
  /** The run's budget, USD. */
  readonly budgetUsd: number;
  /** Spent by finished calls plus held by calls in flight, USD. */
  readonly committedUsd: number;
  /** The refused call's estimate, USD (see `estimateCallCost`). */
  readonly estimateUsd: number;

  constructor(details: {
    workflowRunId: string;
    model: string;
    budgetUsd: number;
    committedUsd: number;
    estimateUsd: number;
  }) {
    super(
      `AI call to ${details.model} refused: its estimated cost ($${details.estimateUsd}) would take run ` +
        `${details.workflowRunId} over its budget ($${details.committedUsd} of $${details.budgetUsd} already committed)`,
      { code: "AI_BUDGET_EXCEEDED", retryable: false, details: { ...details } },
    );
    this.workflowRunId = details.workflowRunId;
    this.budgetUsd = details.budgetUsd;
    this.committedUsd = details.committedUsd;
    this.estimateUsd = details.estimateUsd;
  }
}
