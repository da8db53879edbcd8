import { InvalidStageflowOptionsError } from "../errors/invalid-stageflow-options-error";
import type { StageflowAIOptions } from "../stageflow-options";

const positive = (value: unknown) =>
  typeof value === "number" && Number.isFinite(value) && value > 0;

/**
 * Checks the `ai` option of `createStageflow` before anything is opened.
 *
 * @throws `InvalidStageflowOptionsError` naming the first field at fault.
 */
export function validateAIOptions(ai: StageflowAIOptions | undefined): void {
  if (ai === undefined) return;
  if (typeof ai !== "object" || ai === null) {
    throw new InvalidStageflowOptionsError("ai", "must be an object");
  }
  if (ai.rateLimits !== undefined) {
    if (!Array.isArray(ai.rateLimits)) {
      throw new InvalidStageflowOptionsError("ai.rateLimits", "must be an array of limits");
    }
    ai.rateLimits.forEach((rule, index) => {
      const at = `ai.rateLimits[${index}]`;
      if (typeof rule?.provider !== "string" || rule.provider.trim() === "") {
        throw new InvalidStageflowOptionsError(at, "needs a provider name");
      }
      for (const field of ["requestsPerMinute", "tokensPerMinute", "windowMs"] as const) {
        if (rule[field] !== undefined && !positive(rule[field])) {
          throw new InvalidStageflowOptionsError(`${at}.${field}`, "must be a number > 0");
        }
      }
      if (rule.requestsPerMinute === undefined && rule.tokensPerMinute === undefined) {
        throw new InvalidStageflowOptionsError(
          at,
          "needs requestsPerMinute, tokensPerMinute or both",
        );
      }
    });
  }
  const memo: unknown = ai.memo;
  if (memo !== undefined && typeof memo !== "boolean") {
    const ttlMs = (memo as { ttlMs?: unknown } | null)?.ttlMs;
    if (typeof memo !== "object" || memo === null || (ttlMs !== undefined && !positive(ttlMs))) {
      throw new InvalidStageflowOptionsError(
        "ai.memo",
        "must be a boolean or { ttlMs: number > 0 }",
      );
    }
  }
  if (ai.budgets !== undefined && typeof ai.budgets !== "boolean") {
    throw new InvalidStageflowOptionsError("ai.budgets", "must be a boolean");
  }
}
