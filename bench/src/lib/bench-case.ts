import type { LatencySummary } from "./stats";

/** Flat numeric metrics of one repetition (aggregated as medians across repetitions). */
export type Metrics = Record<string, number>;

/** One measurable configuration of one system. */
export interface BenchCase {
  /** Unique, stable key, e.g. `gw.default.throughput.n20000.p1.c10`. */
  id: string;
  /** Tags matched by `--only=` (any tag or an id prefix). */
  tags: readonly string[];
  /** `graphile-worker`, `pg-boss`, `stageflow`. */
  system: string;
  /** `default`, `tuned`, `batch10`, `postgres`, `sqlite`, … */
  variant: string;
  /** `throughput`, `enqueue`, `latency`, `stage-throughput`. */
  test: string;
  params: Record<string, number | string>;
  /** Repetitions in this mode. */
  reps: number;
  /** Re-run repetitions taken under foreign load (default true; false for poll-bound, long cases). */
  retry?: boolean;
  run(): Promise<Metrics>;
}

/** Flattens a latency summary into metrics named `<prefix>_p50` etc. */
export function latencyMetrics(prefix: string, s: LatencySummary): Metrics {
  return {
    [`${prefix}_p50`]: s.p50,
    [`${prefix}_p90`]: s.p90,
    [`${prefix}_p99`]: s.p99,
    [`${prefix}_max`]: s.max,
  };
}
