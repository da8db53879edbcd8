import { findSecret } from "@stageflow/core";
import {
  type ValidatedBatchedRequest,
  validateBatchedRequests,
} from "../ai-batching/validate-batched-requests";
import { InvalidSuspendedResultError, SecretInSuspendedStateError } from "../errors/stage-errors";
import { assertJsonValue } from "../json/assert-json-value";

/** A suspension the kernel accepted, ready to persist on the stage record. */
export interface ValidatedSuspension {
  /** The state handed back to `checkCompletion` and `ctx.resumeState` (JSON, no secrets). */
  readonly state: Record<string, unknown>;
  /** The first completion check. */
  readonly nextPollAt: Date;
  /** Milliseconds between checks when `checkCompletion` gives no `nextCheckIn`. */
  readonly pollIntervalMs: number;
  /** Milliseconds after suspension at which the stage fails as timed out. */
  readonly maxWaitTimeMs: number;
  /** Metrics the body returned with the suspension. */
  readonly customMetrics: Record<string, number> | undefined;
  /** Cross-run batched requests to store with the suspension (`defineBatchedStage`). */
  readonly batchedRequests?: readonly ValidatedBatchedRequest[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isValidDate(value: unknown): value is Date {
  return (
    Object.prototype.toString.call(value) === "[object Date]" &&
    Number.isFinite((value as Date).getTime())
  );
}

function isPositiveNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value > 0;
}

/**
 * Checks the `{ suspended: true, state, pollConfig?, customMetrics? }` an async-batch stage
 * returned: `state` a plain object with a non-empty string `batchId` and numeric `pollInterval` /
 * `maxWaitTime` when present, no secret anywhere (a secret-named field such as `apiKey`, `token`,
 * `password` holding text, or a credential-looking string: see `findSecret` in `@stageflow/core`),
 * JSON-representable. The poll interval and maximum wait are stated once: each comes from
 * `pollConfig` when given there, else from the state (the state gets them too, so
 * `checkCompletion` reads them); the first check is `pollConfig.nextPollAt` (a valid Date) or one
 * interval after `now`.
 *
 * @param now - the kernel clock's time (default: the wall clock).
 *
 * @throws {@link InvalidSuspendedResultError} for a malformed result.
 * @throws {@link SecretInSuspendedStateError} when the state holds a secret.
 * @throws `NotJsonSerializableError` when the state is not JSON-representable.
 */
export function validateSuspendedResult(
  stageId: string,
  result: unknown,
  now: Date = new Date(),
): ValidatedSuspension {
  const fail = (problem: string): never => {
    throw new InvalidSuspendedResultError(stageId, problem);
  };
  if (!isPlainObject(result) || result.suspended !== true) fail("expected { suspended: true, … }");
  const { state, pollConfig, customMetrics } = result as Record<string, unknown>;
  if (!isPlainObject(state)) return fail("state must be a plain object");
  if (typeof state.batchId !== "string" || state.batchId.trim() === "") {
    fail("state.batchId must be a non-empty string");
  }
  for (const field of ["pollInterval", "maxWaitTime"] as const) {
    if (state[field] !== undefined && !isPositiveNumber(state[field])) {
      fail(`state.${field} must be a positive number, got ${String(state[field])}`);
    }
  }
  if (state.submittedAt !== undefined && typeof state.submittedAt !== "string") {
    fail("state.submittedAt must be an ISO-8601 string");
  }
  if (pollConfig !== undefined && !isPlainObject(pollConfig)) {
    return fail("pollConfig must be an object when given");
  }
  const config: Record<string, unknown> = pollConfig ?? {};
  const pick = (field: "pollInterval" | "maxWaitTime"): number => {
    const value = config[field] ?? state[field];
    if (!isPositiveNumber(value)) {
      const where = config[field] === undefined ? "state" : "pollConfig";
      return fail(
        value === undefined
          ? `${field} is missing: give it in state (or pollConfig)`
          : `${where}.${field} must be a positive number, got ${String(value)}`,
      );
    }
    return value;
  };
  const pollIntervalMs = pick("pollInterval");
  const maxWaitTimeMs = pick("maxWaitTime");
  if (config.nextPollAt !== undefined && !isValidDate(config.nextPollAt)) {
    fail("pollConfig.nextPollAt must be a valid Date");
  }
  const metrics = validateMetrics(customMetrics, fail);
  const batchedRequests = validateBatchedRequests(
    stageId,
    (result as Record<string, unknown>).batchedRequests,
    fail,
  );
  const secret = findSecret(state, "state");
  if (secret !== undefined) throw new SecretInSuspendedStateError(stageId, secret);
  assertJsonValue(state, `suspended state of stage "${stageId}"`);
  return {
    state: { ...state, pollInterval: pollIntervalMs, maxWaitTime: maxWaitTimeMs },
    nextPollAt:
      config.nextPollAt === undefined
        ? new Date(now.getTime() + pollIntervalMs)
        : new Date((config.nextPollAt as Date).getTime()),
    pollIntervalMs,
    maxWaitTimeMs,
    customMetrics: metrics,
    ...(batchedRequests === undefined ? {} : { batchedRequests }),
  };
}

/**
 * Checks optional `customMetrics`: absent, or an object of finite numbers.
 *
 * @returns the metrics, or `undefined` when absent.
 */
export function validateMetrics(
  metrics: unknown,
  fail: (problem: string) => never,
): Record<string, number> | undefined {
  if (metrics === undefined || metrics === null) return undefined;
  if (!isPlainObject(metrics)) return fail("customMetrics must be an object of numbers");
  for (const [key, value] of Object.entries(metrics)) {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      fail(`customMetrics.${key} must be a finite number`);
    }
  }
  return metrics as Record<string, number>;
}
