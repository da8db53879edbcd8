import { sleep } from "./sleep";

/**
 * Waits for `work` to settle, but no longer than `ms` nor past `stopWaiting` aborting (for
 * shutdown clean-up that must not hang on an unreachable database). Never rejects; `work` keeps
 * running (and must handle its own errors).
 */
export async function settleWithin(
  work: Promise<unknown>,
  ms: number,
  stopWaiting?: AbortSignal,
): Promise<void> {
  const timer = new AbortController();
  const onAbort = (): void => timer.abort();
  stopWaiting?.addEventListener("abort", onAbort, { once: true });
  if (stopWaiting?.aborted) timer.abort();
  await Promise.race([
    work.then(
      () => {},
      () => {},
    ),
    sleep(ms, timer.signal),
  ]);
  timer.abort();
  stopWaiting?.removeEventListener("abort", onAbort);
}
