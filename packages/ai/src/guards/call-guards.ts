import { redactValue } from "@stageflow/core";
import { AIBudgetExceededError } from "../budget/ai-budget-exceeded-error";
import type { AIBudgetReservation } from "../budget/ai-budget-ledger";
import { estimateCallCost } from "../budget/estimate-call-cost";
import { isAIError } from "../errors/ai-error";
import { AIRateLimitWaitError } from "../limits/ai-rate-limit-wait-error";
import type { AIRateLimitTicket } from "../limits/ai-rate-limiter";
import { estimateInputTokens } from "../limits/estimate-input-tokens";
import type { AICallKind } from "../logger";
import { memoKey } from "../memo/memo-key";
import type { ModelInfo } from "../models/model-info";
import type { AIGuards } from "./ai-guards";

/** What the guards need to know about one call before it is made. */
export interface GuardedRequest {
  readonly kind: AICallKind;
  readonly model: ModelInfo;
  /** Everything that shapes the answer (prompt or texts, system, parameters, JSON Schema). */
  readonly content: Record<string, unknown>;
  /** The texts sent, for the input-token estimate. */
  readonly texts: readonly (string | undefined)[];
  readonly maxTokens: number | undefined;
  /** False when the caller turned the memo off for this call. */
  readonly memo: boolean;
}

/** A call the guards let through: settle it with {@link CallGuards.finish}. */
export interface Admission {
  readonly memoKey: string | undefined;
  readonly ticket: AIRateLimitTicket | null;
  readonly reservation: AIBudgetReservation | null;
}

/** The start of a guarded call: a stored response, or an admission to call the provider. */
export type GuardStart =
  | { readonly kind: "hit"; readonly response: unknown }
  | { readonly kind: "admitted"; readonly admission: Admission };

/** The guards of one helper, bound to its stage (if any) and clock. */
export interface CallGuards {
  /**
   * Before a call: a memo hit, or a budget hold and a rate-limit reservation. Throws
   * `AIBudgetExceededError` or `AIRateLimitWaitError` (nothing was called then, and nothing is held).
   */
  start(request: GuardedRequest): Promise<GuardStart>;
  /**
   * After the provider answered (or failed): settles the hold with the actual cost and the
   * reservation with the actual tokens, feeds a 429's `Retry-After` to the limiter, and stores a
   * successful response in the memo when `cacheable`.
   */
  finish(
    request: GuardedRequest,
    admission: Admission,
    outcome:
      | {
          readonly ok: true;
          readonly response: { readonly inputTokens: number; readonly outputTokens: number };
          readonly cost: number;
          readonly cacheable: boolean;
        }
      | { readonly ok: false; readonly error: unknown },
  ): Promise<void>;
}

/** Creates the guards of a helper; a helper without any guard gets pass-through ones. */
export function createCallGuards(
  guards: AIGuards,
  workflowRunId: string | undefined,
  now: () => Date,
  onGuardError: (error: unknown) => void,
): CallGuards {
  const { rateLimiter, memo, budget } = guards;
  const quietly = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      onGuardError(error);
    }
  };
  return {
    async start(request) {
      const { model } = request;
      const key =
        memo !== undefined && request.memo
          ? await memoKey({
              v: 1,
              provider: model.provider,
              model: model.id,
              kind: request.kind,
              ...request.content,
            })
          : undefined;
      if (key !== undefined && memo !== undefined) {
        const entry = await memo.get(key, now());
        if (entry !== undefined) return { kind: "hit", response: entry.response };
      }
      const inputTokens = estimateInputTokens(request.texts);
      let reservation: AIBudgetReservation | null = null;
      if (budget !== undefined && workflowRunId !== undefined) {
        const estimateUsd = estimateCallCost(model, inputTokens, request.maxTokens);
        const decision = await budget.reserve({
          workflowRunId,
          amountUsd: estimateUsd,
          now: now(),
        });
        if (!decision.granted) {
          throw new AIBudgetExceededError({
            workflowRunId,
            model: model.id,
            budgetUsd: decision.budgetUsd,
            committedUsd: roundCents(decision.spentUsd + decision.reservedUsd),
            estimateUsd,
          });
        }
        reservation = decision.reservation;
      }
      let ticket: AIRateLimitTicket | null = null;
      if (rateLimiter !== undefined) {
        const outputTokens = model.kind === "embedding" ? 0 : (request.maxTokens ?? 0);
        try {
          const decision = await rateLimiter.reserve({
            provider: model.provider,
            model: model.id,
            tokens: inputTokens + outputTokens,
            now: now(),
          });
          if (!decision.granted) {
            throw new AIRateLimitWaitError(
              model.provider,
              model.id,
              decision.retryAfterMs,
              decision.reason,
            );
          }
          ticket = decision.ticket;
        } catch (error) {
          if (reservation !== null) {
            const held = reservation;
            await quietly(() => budget?.settle(held, 0, now()) ?? Promise.resolve());
          }
          throw error;
        }
      }
      return { kind: "admitted", admission: { memoKey: key, ticket, reservation } };
    },

    async finish(request, admission, outcome) {
      const { ticket, reservation } = admission;
      const at = now();
      if (outcome.ok) {
        const { response, cost } = outcome;
        if (ticket !== null && rateLimiter !== undefined) {
          await quietly(() =>
            rateLimiter.settle(ticket, response.inputTokens + response.outputTokens, at),
          );
        }
        if (reservation !== null && budget !== undefined) {
          await quietly(() => budget.settle(reservation, cost, at));
        }
        if (outcome.cacheable && admission.memoKey !== undefined && memo !== undefined) {
          const key = admission.memoKey;
          await quietly(() =>
            memo.put({
              key,
              provider: request.model.provider,
              model: request.model.id,
              kind: request.kind,
              response: redactValue(response),
              inputTokens: response.inputTokens,
              outputTokens: response.outputTokens,
              createdAt: at,
              expiresAt: new Date(at.getTime() + memo.ttlMs),
            }),
          );
        }
        return;
      }
      if (reservation !== null && budget !== undefined) {
        await quietly(() => budget.settle(reservation, 0, at));
      }
      if (ticket !== null && rateLimiter !== undefined) {
        await quietly(() => rateLimiter.settle(ticket, ticket.tokens, at));
      }
      const { error } = outcome;
      if (rateLimiter !== undefined && isAIError(error) && error.code === "AI_RATE_LIMITED") {
        const waitMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
        if (typeof waitMs === "number" && Number.isFinite(waitMs) && waitMs > 0) {
          await quietly(() =>
            rateLimiter.block(
              request.model.provider,
              request.model.id,
              new Date(at.getTime() + waitMs),
            ),
          );
        }
      }
    },
  };
}

function roundCents(usd: number): number {
  return Math.round(usd * 1e10) / 1e10;
}
