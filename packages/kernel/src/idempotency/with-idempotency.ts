import { IdempotencyInProgressError } from "../errors/kernel-errors";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { Persistence } from "../ports/persistence";

/** How a handler commits its outcome together with its idempotency key. */
export interface IdempotencyScope<R> {
  /**
   * Runs the command's final transaction. When the command carries a key and `resultOf(value)`
   * gives a result, the key is completed with it INSIDE that transaction, so a committed command
   * can never leave a reclaimable key behind. `resultOf` returning `undefined` (a skipped job)
   * commits without completing the key; it is then released when the command ends.
   */
  finalTransaction<T>(
    fn: (tx: Persistence) => Promise<T>,
    resultOf: (value: T) => R | undefined,
  ): Promise<T>;
  /**
   * Remembers `result` under the key (one write, no transaction) for a command whose writes
   * already committed without it; without a key, does nothing. Returns `result`.
   */
  complete(result: R): Promise<R>;
}

/**
 * Runs an idempotent command. Without a key it just runs. With one: acquires it (own short
 * transaction); `replay` returns the stored result and writes nothing; `in_progress` throws
 * {@link IdempotencyInProgressError}; `acquired` runs the command, and releases the key when
 * the command throws or ends without remembering a result. Keys left IN_PROGRESS longer than
 * `reclaimAfterMs` are reclaimed by the persistence.
 */
export async function withIdempotency<R>(
  deps: KernelDeps,
  command: { readonly type: string; readonly idempotencyKey?: string | undefined },
  run: (scope: IdempotencyScope<R>) => Promise<R>,
): Promise<R> {
  const { persistence, clock } = deps;
  const key = command.idempotencyKey;
  if (key === undefined) {
    return run({
      finalTransaction: (fn) => persistence.withTransaction(fn),
      complete: async (result) => result,
    });
  }
  const commandType = command.type;
  const acquired = await persistence.acquireIdempotencyKey({
    key,
    commandType,
    now: clock.now(),
    reclaimAfterMs: deps.reclaimAfterMs,
  });
  if (acquired.status === "replay") return acquired.result as R;
  if (acquired.status === "in_progress") throw new IdempotencyInProgressError(key, commandType);

  let completed = false;
  const scope: IdempotencyScope<R> = {
    async finalTransaction(fn, resultOf) {
      let stored = false;
      const result = await persistence.withTransaction(async (tx) => {
        const value = await fn(tx);
        const commandResult = resultOf(value);
        if (commandResult !== undefined) {
          await tx.completeIdempotencyKey(key, commandType, commandResult, clock.now());
          stored = true;
        }
        return value;
      });
      if (stored) completed = true;
      return result;
    },
    async complete(result) {
      await persistence.completeIdempotencyKey(key, commandType, result, clock.now());
      completed = true;
      return result;
    },
  };
  try {
    const result = await run(scope);
    if (!completed) await persistence.releaseIdempotencyKey(key, commandType);
    return result;
  } catch (error) {
    // The command's own error matters more than a failure to release (the key is then reclaimed).
    if (!completed) await persistence.releaseIdempotencyKey(key, commandType).catch(() => {});
    throw error;
  }
}
