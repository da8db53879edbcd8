import type { Metrics } from "../lib/bench-case";
import type { LoadReport } from "../lib/load-monitor";
import { median } from "../lib/stats";

/** One repetition of one case. */
export interface RepResult {
  rep: number;
  startedAt: string;
  durationMs: number;
  metrics: Metrics;
  load: LoadReport;
}

/** All repetitions of one case, with medians. */
export interface CaseResult {
  id: string;
  system: string;
  variant: string;
  test: string;
  params: Record<string, number | string>;
  reps: RepResult[];
  /** Median of each metric across repetitions. */
  median: Metrics;
  /** Highest foreign CPU % seen in any repetition. */
  maxForeignCpuPct: number;
  errors: string[];
}

/** A case that could not be measured, and why. */
export interface Unavailable {
  id: string;
  reason: string;
}

/** The JSON written to bench/results/. */
export interface ResultsFile {
  startedAt: string;
  finishedAt: string;
  mode: "full" | "quick";
  command: string;
  machine: Record<string, string | number>;
  cases: CaseResult[];
  unavailable: Unavailable[];
}

/** Recomputes the medians of a case from its repetitions. */
export function aggregate(c: CaseResult): void {
  const keys = new Set(c.reps.flatMap((r) => Object.keys(r.metrics)));
  c.median = {};
  for (const k of keys) {
    const values = c.reps
      .map((r) => r.metrics[k])
      .filter((v): v is number => typeof v === "number");
    c.median[k] = Math.round(median(values) * 100) / 100;
  }
  c.maxForeignCpuPct = Math.max(0, ...c.reps.map((r) => r.load.foreignCpuPct));
}
