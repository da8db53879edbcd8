import { sleep } from "./sleep";

/**
 * Waits for `work` to settle, but no longer than `ms` (for shutdown clean-up that must not hang on
 * an unreachable database). Never rejects; `work` keeps running (and must handle its own errors).
 */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  const timer = new AbortController();
  await Promise.race([
    work.then(
      () => {},
      () => {},
    ),
    sleep(ms, timer.signal),
  ]);
  timer.abort();
}
