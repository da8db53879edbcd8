/** Resolves when `predicate` holds, polling every 10 ms; rejects after `timeoutMs`. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A counter of listener calls with a way to await a count. */
export function callCounter(): {
  readonly count: number;
  listener: () => void;
  atLeast(count: number, what: string): Promise<void>;
} {
  let count = 0;
  return {
    get count() {
      return count;
    },
    listener: () => {
      count += 1;
    },
    async atLeast(target: number, what: string) {
      await waitFor(() => count >= target, what);
    },
  };
}

/** Gives in-flight notifications a moment to arrive (for asserting that none did). */
export function settle(ms = 150): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
