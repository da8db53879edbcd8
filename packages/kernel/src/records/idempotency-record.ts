/** The answer of `Persistence.acquireIdempotencyKey`. */
export type IdempotencyAcquireResult =
  /** The key was free (or reclaimed from a dead dispatcher): run the command. */
  | { status: "acquired" }
  /** The command completed before: return its result and write nothing. */
  | { status: "replay"; result: unknown }
  /** Another dispatcher holds the key right now. */
  | { status: "in_progress" };
