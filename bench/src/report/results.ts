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
  /** Median of each metric across the repetitions in `medianOf`. */
  median: Metrics;
  /** The repetitions the medians are taken over (the clean ones, when there are any). */
  medianOf?: number[];
  /** Highest foreign CPU % among the repetitions in `medianOf`. */
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

/** Foreign CPU above this share of the machine makes a repetition "loaded". */
export const FOREIGN_CPU_LIMIT_PCT = 10;

/** Repetitions of a case measured without foreign load. */
export function cleanReps(c: CaseResult): number {
  return c.reps.filter((r) => r.load.foreignCpuPct <= FOREIGN_CPU_LIMIT_PCT).length;
}

/**
 * Recomputes the medians of a case: over its clean repetitions when it has any (loaded ones were
 * re-run), otherwise over all of them (then `maxForeignCpuPct` shows the load).
 */
export function aggregate(c: CaseResult): void {
  const clean = c.reps.filter((r) => r.load.foreignCpuPct <= FOREIGN_CPU_LIMIT_PCT);
  const used = clean.length > 0 ? clean : c.reps;
  const keys = new Set(used.flatMap((r) => Object.keys(r.metrics)));
  c.median = {};
  c.medianOf = used.map((r) => r.rep);
  for (const k of keys) {
    const values = used.map((r) => r.metrics[k]).filter((v): v is number => typeof v === "number");
    c.median[k] = Math.round(median(values) * 100) / 100;
  }
  c.maxForeignCpuPct = Math.max(0, ...used.map((r) => r.load.foreignCpuPct));
}
