import type { RunSummaryRecord } from "../ports/run-queries";
import type { RunSummary } from "./run-query-types";

/** `completedAt − startedAt` of a finished run, or `null`. */
export function durationOf(
  run: Pick<RunSummaryRecord, "startedAt" | "completedAt">,
): number | null {
  if (run.startedAt === null || run.completedAt === null) return null;
  return Math.max(0, run.completedAt.getTime() - run.startedAt.getTime());
}

/** A listed run with its duration. */
export function toRunSummary(run: RunSummaryRecord): RunSummary {
  return { ...run, durationMs: durationOf(run) };
}
