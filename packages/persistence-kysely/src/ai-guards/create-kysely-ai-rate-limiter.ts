import { StageflowError } from "@stageflow/core";
import type { Kysely } from "kysely";
import { readNumber } from "../codec/value-codec";
import { getDatabaseContext } from "../database/database-context";
import { createId } from "../ids/create-id";
import type { StageflowDatabase } from "../schema/stageflow-database";
import { runSql } from "../scope/run-sql";
import { rootScope } from "../scope/scope";
import type { AIRateLimitRuleShape, KyselyAIRateLimiter } from "./ai-guard-shapes";
import { RATE_LIMIT_SQL } from "./rate-limit-sql";

/** Default accounting window: one minute. */
const MINUTE_MS = 60_000;
/** "No limit" as a number every dialect stores exactly. */
const UNLIMITED = Number.MAX_SAFE_INTEGER;
/** A hold still open after this long is taken for a call whose worker died. */
const DEFAULT_MAX_CALL_MS = 600_000;

/** Options of {@link createKyselyAIRateLimiter}. */
export interface KyselyAIRateLimiterOptions {
  /**
   * The limits. A call is counted under the rule of its provider and model, else of its provider
   * (a rule without `model`); a call no rule names is only subject to 429 blocks of its model.
   */
  readonly limits: readonly AIRateLimitRuleShape[];
  /**
   * Up to this many ms (default: a twentieth of the window, at most 250) are added at random to a
   * wait, so deferred stages do not all retry at the same instant.
   */
  readonly jitterMs?: number;
  /**
   * A call whose hold is still open after this many ms (default ten minutes) no longer counts:
   * its worker died before it could end the hold.
   */
  readonly maxCallMs?: number;
}

interface ResolvedRule {
  readonly key: string;
  readonly windowMs: number;
  readonly maxRequests: number;
  readonly maxTokens: number;
}

/**
 * A rate limiter for `@stageflow/ai` shared by every worker of the database: windows (default one
 * minute, aligned to the epoch) of requests and tokens per provider / model. Every call holds a
 * row of `stageflow_ai_rate_limit_holds` from its reservation until it ends, and counts against
 * every window that span overlaps — so however long a request takes to reach the vendor, no
 * window sees more calls than the limit. A reservation is one short transaction under the key's
 * row lock. A refused call gets the time until the window ends (or until a 429's `Retry-After`
 * block ends), which the helper turns into a stage deferral. A request whose token estimate
 * exceeds a whole window's tokens is counted as the window's full allowance, so it goes through
 * alone. Workers' clocks should agree (NTP): windows are computed from each worker's clock.
 *
 * @example
 * ```ts
 * const rateLimiter = createKyselyAIRateLimiter(db, {
 *   limits: [{ provider: "openai", model: "gpt-4o-mini", requestsPerMinute: 500, tokensPerMinute: 200_000 }],
 * });
 * const ai = createAIHelper("triage", logger, { providers, stage: ctx, rateLimiter });
 * ```
 *
 * @throws `StageflowError` (`INVALID_AI_RATE_LIMIT`) for a rule without a provider or with a
 *   limit or window that is not a positive number.
 */
export function createKyselyAIRateLimiter(
  db: Kysely<StageflowDatabase>,
  options: KyselyAIRateLimiterOptions,
): KyselyAIRateLimiter {
  const scope = rootScope(db, getDatabaseContext(db, "createKyselyAIRateLimiter"));
  const statements = RATE_LIMIT_SQL[scope.context.dialect];
  const rules = options.limits.map(checkRule);
  const resolve = (provider: string, model: string): ResolvedRule => {
    const rule =
      rules.find((r) => r.provider === provider && r.model === model) ??
      rules.find((r) => r.provider === provider && r.model === undefined);
    if (rule === undefined) {
      return {
        key: `${provider}/${model}`,
        windowMs: MINUTE_MS,
        maxRequests: UNLIMITED,
        maxTokens: UNLIMITED,
      };
    }
    const windowMs = rule.windowMs ?? MINUTE_MS;
    const scale = (perMinute: number | undefined) =>
      perMinute === undefined
        ? UNLIMITED
        : Math.max(1, Math.floor((perMinute * windowMs) / MINUTE_MS));
    return {
      key: `${rule.provider}/${rule.model ?? "*"}`,
      windowMs,
      maxRequests: scale(rule.requestsPerMinute),
      maxTokens: scale(rule.tokensPerMinute),
    };
  };
  const jitter = (windowMs: number) => {
    const most = options.jitterMs ?? Math.min(250, Math.floor(windowMs / 20));
    return Math.floor(Math.random() * (most + 1));
  };

  const staleMs = options.maxCallMs ?? DEFAULT_MAX_CALL_MS;

  return {
    rules,
    async reserve({ provider, model, tokens, now }) {
      const rule = resolve(provider, model);
      const nowMs = now.getTime();
      const windowStart = Math.floor(nowMs / rule.windowMs) * rule.windowMs;
      const staleBefore = nowMs - staleMs;
      const counted = Math.min(Math.max(0, Math.ceil(tokens)), rule.maxTokens);
      return scope.atomic(async (tx) => {
        const { rows } = await runSql<{ blocked_until: unknown }>(tx, statements.lock, [rule.key]);
        const blockedUntil = readNumber(rows[0]?.blocked_until ?? 0);
        if (blockedUntil > nowMs) {
          return {
            granted: false as const,
            retryAfterMs: blockedUntil - nowMs + jitter(rule.windowMs),
            reason: `blocked by the provider's Retry-After until ${new Date(blockedUntil).toISOString()}`,
          };
        }
        const usage = (
          await runSql<Record<string, unknown>>(tx, statements.usage, [
            rule.key,
            staleBefore,
            windowStart,
            windowStart,
          ])
        ).rows[0];
        const requests = readNumber(usage?.requests ?? 0);
        const used = readNumber(usage?.tokens ?? 0);
        if (requests + 1 > rule.maxRequests || used + counted > rule.maxTokens) {
          return {
            granted: false as const,
            retryAfterMs: windowStart + rule.windowMs - nowMs + jitter(rule.windowMs),
            reason:
              requests + 1 > rule.maxRequests
                ? `${rule.maxRequests} requests per ${rule.windowMs} ms`
                : `${rule.maxTokens} tokens per ${rule.windowMs} ms`,
          };
        }
        const id = createId();
        await runSql(tx, statements.hold, [id, rule.key, nowMs, counted]);
        await runSql(tx, statements.prune, [rule.key, windowStart - rule.windowMs, staleBefore]);
        return { granted: true as const, ticket: { key: rule.key, id, tokens: counted } };
      });
    },
    async settle(ticket, actualTokens, now) {
      await runSql(scope, statements.settle, [
        now.getTime(),
        Math.max(0, Math.ceil(actualTokens)),
        ticket.id,
      ]);
    },
    async block(provider, model, until) {
      await runSql(scope, statements.block, [resolve(provider, model).key, until.getTime()]);
    },
  };
}

function checkRule(rule: AIRateLimitRuleShape): AIRateLimitRuleShape {
  const bad = (problem: string) =>
    new StageflowError(`Invalid AI rate limit ${JSON.stringify(rule)}: ${problem}`, {
      code: "INVALID_AI_RATE_LIMIT",
    });
  if (typeof rule.provider !== "string" || rule.provider.trim() === "") {
    throw bad("provider must be a non-empty string");
  }
  for (const field of ["requestsPerMinute", "tokensPerMinute", "windowMs"] as const) {
    const value = rule[field];
    if (
      value !== undefined &&
      !(typeof value === "number" && Number.isFinite(value) && value > 0)
    ) {
      throw bad(`${field} must be a positive number`);
    }
  }
  if (rule.requestsPerMinute === undefined && rule.tokensPerMinute === undefined) {
    throw bad("set requestsPerMinute, tokensPerMinute or both");
  }
  return { ...rule };
}
