/** Monotonic milliseconds (CLOCK_MONOTONIC): comparable across processes on one machine. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** Polls `done` every `intervalMs` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function waitFor(
  done: () => boolean | Promise<boolean>,
  options: { intervalMs: number; timeoutMs: number },
): Promise<boolean> {
  const deadline = nowMs() + options.timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (nowMs() >= deadline) return false;
    await sleep(options.intervalMs);
  }
}
