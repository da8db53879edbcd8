/** Nearest-rank percentile, as in the anchor scripts. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Median (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** p50 / p90 / p99 / max of a latency sample, in ms with two decimals. */
export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  count: number;
}

/** Summarizes a latency sample. */
export function summarizeLatency(values: readonly number[]): LatencySummary {
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    p50: round(percentile(values, 50)),
    p90: round(percentile(values, 90)),
    p99: round(percentile(values, 99)),
    max: round(values.length ? Math.max(...values) : Number.NaN),
    count: values.length,
  };
}

/** Jobs per second for `count` jobs in `ms` milliseconds, rounded. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? Math.round(count / (ms / 1000)) : Number.NaN;
}
