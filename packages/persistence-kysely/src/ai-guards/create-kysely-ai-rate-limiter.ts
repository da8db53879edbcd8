import { StageflowError } from "@stageflow/core";
import type { Kysely } from "kysely";
import { readNumber } from "../codec/value-codec";
import { getDatabaseContext } from "../database/database-context";
import type { StageflowDatabase } from "../schema/stageflow-database";
import { runSql } from "../scope/run-sql";
import { rootScope } from "../scope/scope";
import type { AIRateLimitRuleShape, KyselyAIRateLimiter } from "./ai-guard-shapes";
import { RATE_LIMIT_SQL } from "./rate-limit-sql";

/** Default accounting window: one minute. */
const MINUTE_MS = 60_000;
/** "No limit" as a number every dialect stores exactly. */
const UNLIMITED = Number.MAX_SAFE_INTEGER;

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
}

interface ResolvedRule {
  readonly key: string;
  readonly windowMs: number;
  readonly maxRequests: number;
  readonly maxTokens: number;
}

/**
 * A rate limiter for `@stageflow/ai` shared by every worker of the database: fixed windows
 * (default one minute) of requests and tokens per provider / model in
 * `stageflow_ai_rate_limits`, reserved atomically by one upsert per call. A refused call gets
 * the time until the window ends (or until a 429's `Retry-After` block ends), which the helper
 * turns into a stage deferral. A request whose token estimate exceeds a whole window's tokens
 * is counted as the window's full allowance, so it goes through alone in a fresh window.
 * Workers' clocks should agree (NTP): windows are computed from each worker's clock.
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

  return {
    rules,
    async reserve({ provider, model, tokens, now }) {
      const rule = resolve(provider, model);
      const nowMs = now.getTime();
      const windowStart = Math.floor(nowMs / rule.windowMs) * rule.windowMs;
      const counted = Math.min(Math.max(0, Math.ceil(tokens)), rule.maxTokens);
      const { rows } = await runSql<{ window_start: unknown }>(scope, statements.reserve, [
        rule.key,
        windowStart,
        counted,
        nowMs,
        rule.maxRequests,
        rule.maxTokens,
      ]);
      const row = rows[0];
      if (row !== undefined) {
        return {
          granted: true,
          ticket: { key: rule.key, windowStart: readNumber(row.window_start), tokens: counted },
        };
      }
      const current = (await runSql<Record<string, unknown>>(scope, statements.read, [rule.key]))
        .rows[0];
      const blockedUntil = readNumber(current?.blocked_until ?? 0);
      if (blockedUntil > nowMs) {
        return {
          granted: false,
          retryAfterMs: blockedUntil - nowMs + jitter(rule.windowMs),
          reason: `blocked by the provider's Retry-After until ${new Date(blockedUntil).toISOString()}`,
        };
      }
      const start = readNumber(current?.window_start ?? windowStart);
      const requests = readNumber(current?.requests ?? 0);
      const reason =
        requests + 1 > rule.maxRequests
          ? `${rule.maxRequests} requests per ${rule.windowMs} ms`
          : `${rule.maxTokens} tokens per ${rule.windowMs} ms`;
      return {
        granted: false,
        retryAfterMs: Math.max(1, start + rule.windowMs - nowMs) + jitter(rule.windowMs),
        reason,
      };
    },
    async settle(ticket, actualTokens) {
      const delta = Math.max(0, Math.ceil(actualTokens)) - ticket.tokens;
      if (delta === 0 || ticket.key === "") return;
      await runSql(scope, statements.settle, [delta, ticket.key, ticket.windowStart]);
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
