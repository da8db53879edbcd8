/** Wall time in epoch milliseconds with sub-millisecond precision, for span start and end times. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
