import type { JobExecuteCommand } from "../commands/command-types";
import type { Persistence } from "../ports/persistence";
import type { CommitSnapshot, SpeculateOptions } from "../ports/speculative-commit";

/**
 * Runs `fn` against the persistence's {@link SpeculativeCommit} over `snapshot` and commits what
 * it planned in one go. Returns `fn`'s value when that commit went through, `undefined` when the
 * caller must run `fn` in a real transaction instead: the persistence offers no speculation, `fn`
 * needed something the plan cannot answer from the snapshot, planning or committing threw (a
 * refused value, a lost connection: the real transaction meets the same condition and reports it
 * the usual way), or the run, stage or job changed since the snapshot. Nothing was written then.
 *
 * `fn` must be what the caller would run in the transaction: the same reads give the same writes,
 * and the commit checks the reads still hold, so both ways write the same rows. Only a value that
 * `accept`s is committed (the common outcome; the rare ones take the transaction). `options` go
 * to `Persistence.speculate`.
 */
export async function commitSpeculatively<T>(
  persistence: Persistence,
  snapshot: CommitSnapshot,
  fn: (tx: Persistence) => Promise<T>,
  accept: (value: T) => boolean,
  options?: SpeculateOptions,
): Promise<T | undefined> {
  const speculative = persistence.speculate?.(snapshot, options);
  if (speculative === undefined) return undefined;
  try {
    const value = await fn(speculative);
    if (!accept(value)) return undefined;
    return (await speculative.commit()) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The `Persistence.speculate` options a `job.execute` command asks for (its `outboxWakeup`). */
export function speculateOptionsOf(command: JobExecuteCommand): SpeculateOptions | undefined {
  return command.outboxWakeup === undefined ? undefined : { outboxWakeup: command.outboxWakeup };
}
