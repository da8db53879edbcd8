import type { IdempotencyAcquireResult } from "@stageflow/kernel";
import type { InMemoryState } from "./in-memory-state";
import { copyOut, toRequiredDate, toStoredJson } from "./stored-value";

/**
 * `Persistence.acquireIdempotencyKey`. A key IN_PROGRESS since at least `reclaimAfterMs` is
 * taken over (its acquisition time becomes `now`).
 */
export function acquireIdempotencyKey(
  state: InMemoryState,
  options: { key: string; commandType: string; now: Date; reclaimAfterMs: number },
): IdempotencyAcquireResult {
  const now = toRequiredDate(options.now, "idempotency.now");
  const mapKey = idempotencyMapKey(options.key, options.commandType);
  const entry = state.idempotency.get(mapKey);
  if (entry?.status === "COMPLETED") return { status: "replay", result: copyOut(entry.result) };
  if (entry && now.getTime() - entry.acquiredAt.getTime() < options.reclaimAfterMs) {
    return { status: "in_progress" };
  }
  state.idempotency.set(mapKey, {
    key: options.key,
    commandType: options.commandType,
    status: "IN_PROGRESS",
    result: null,
    acquiredAt: now,
  });
  return { status: "acquired" };
}

/** `Persistence.completeIdempotencyKey`: stores the result (as JSON) for replays. */
export function completeIdempotencyKey(
  state: InMemoryState,
  key: string,
  commandType: string,
  result: unknown,
  now: Date,
): void {
  const stored = toStoredJson(result, "idempotency.result");
  const mapKey = idempotencyMapKey(key, commandType);
  const acquiredAt =
    state.idempotency.get(mapKey)?.acquiredAt ?? toRequiredDate(now, "idempotency.now");
  state.idempotency.set(mapKey, {
    key,
    commandType,
    status: "COMPLETED",
    result: stored,
    acquiredAt,
  });
}

/** `Persistence.releaseIdempotencyKey`: frees an IN_PROGRESS key; a completed key is kept. */
export function releaseIdempotencyKey(
  state: InMemoryState,
  key: string,
  commandType: string,
): void {
  const mapKey = idempotencyMapKey(key, commandType);
  if (state.idempotency.get(mapKey)?.status === "IN_PROGRESS") state.idempotency.delete(mapKey);
}

function idempotencyMapKey(key: string, commandType: string): string {
  return JSON.stringify([key, commandType]);
}
