import { InvalidHostOptionsError } from "@stageflow/kernel";

/**
 * Automatic retention of a Node host (`createNodeHost({ retention })`): finished runs older than
 * these ages are deleted with `run.purge`, everything of theirs included. Off when absent; each
 * age left out keeps those runs forever.
 */
export interface RetentionOptions {
  /** Delete COMPLETED runs this many milliseconds after they completed. */
  readonly completedAfterMs?: number;
  /** Delete FAILED runs this many milliseconds after they failed. */
  readonly failedAfterMs?: number;
  /** Delete CANCELLED runs this long after their cancellation. Default: `failedAfterMs`. */
  readonly cancelledAfterMs?: number;
  /** Milliseconds between retention passes. Default 600 000 (10 minutes). */
  readonly intervalMs?: number;
  /** Runs deleted per `run.purge` call; a pass calls again while more are due. Default 1 000. */
  readonly maxRunsPerPurge?: number;
}

/** One purge a retention pass makes. */
export interface RetentionRule {
  readonly status: "COMPLETED" | "FAILED" | "CANCELLED";
  readonly olderThanMs: number;
}

/** {@link RetentionOptions} checked and resolved. */
export interface ResolvedRetention {
  readonly rules: readonly RetentionRule[];
  readonly intervalMs: number;
  readonly maxRunsPerPurge: number;
}

function age(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidHostOptionsError(
      `retention.${name}`,
      `expected a whole number of milliseconds >= 0, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * Checks and resolves `retention`; `undefined` (no retention) when absent.
 *
 * @throws `InvalidHostOptionsError` for a value that is not a whole number of milliseconds, or
 *   retention with no age at all.
 */
export function resolveRetention(
  retention: RetentionOptions | undefined,
): ResolvedRetention | undefined {
  if (retention === undefined) return undefined;
  if (typeof retention !== "object" || retention === null) {
    throw new InvalidHostOptionsError("retention", "expected an object");
  }
  const completed = age("completedAfterMs", retention.completedAfterMs);
  const failed = age("failedAfterMs", retention.failedAfterMs);
  const cancelled = age("cancelledAfterMs", retention.cancelledAfterMs) ?? failed;
  const rules: RetentionRule[] = [];
  if (completed !== undefined) rules.push({ status: "COMPLETED", olderThanMs: completed });
  if (failed !== undefined) rules.push({ status: "FAILED", olderThanMs: failed });
  if (cancelled !== undefined) rules.push({ status: "CANCELLED", olderThanMs: cancelled });
  if (rules.length === 0) {
    throw new InvalidHostOptionsError(
      "retention",
      "set completedAfterMs, failedAfterMs or cancelledAfterMs (or leave retention out)",
    );
  }
  const intervalMs = age("intervalMs", retention.intervalMs) ?? 600_000;
  if (intervalMs < 1) throw new InvalidHostOptionsError("retention.intervalMs", "expected >= 1");
  const maxRunsPerPurge = age("maxRunsPerPurge", retention.maxRunsPerPurge) ?? 1_000;
  if (maxRunsPerPurge < 1 || maxRunsPerPurge > 100_000) {
    throw new InvalidHostOptionsError("retention.maxRunsPerPurge", "expected 1 to 100000");
  }
  return { rules, intervalMs, maxRunsPerPurge };
}
