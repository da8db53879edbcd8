import { hostOptionChecks, InvalidHostOptionsError } from "@stageflow/kernel";

/** The checks every host shares (kernel's `hostOptionChecks`), plus the Node timer check below. */
export const {
  booleanOption,
  countOption,
  describe,
  methodsOption,
  objectOption,
  thresholdOption,
} = hostOptionChecks;

/** The longest delay a Node timer honours; longer ones fire after 1 ms (a busy loop). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A duration in milliseconds a timer can wait: positive and at most {@link MAX_TIMER_MS}. */
export function timerOption(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw new InvalidHostOptionsError(
      name,
      `expected a positive number of milliseconds up to ${MAX_TIMER_MS} (the longest Node timer), got ${describe(value)}`,
    );
  }
  return value;
}
