import type { Pool } from "pg";
import type { CaseResult } from "../report/results";
import { aggregate } from "../report/results";
import type { BenchCase } from "./bench-case";
import { BENCH_DATABASES } from "./databases";
import { LoadMonitor, waitForIdle } from "./load-monitor";

/** Shared state of the repetitions of one run. */
export interface RepetitionContext {
  admin: Pool;
  /** CPU sample window while waiting for idle, ms. */
  sampleMs: number;
  /** Longest wait for idle before one repetition, ms. */
  idleWaitMs: number;
  /** What is left of the run's total idle-wait allowance, ms (decremented). */
  idleBudgetMs: number;
}

/** A new, empty result entry for `c`. */
export function newCaseResult(c: BenchCase): CaseResult {
  return {
    id: c.id,
    system: c.system,
    variant: c.variant,
    test: c.test,
    params: c.params,
    reps: [],
    median: {},
    maxForeignCpuPct: 0,
    errors: [],
  };
}

/**
 * Runs one repetition of `c`: waits (bounded) for an idle CPU, measures foreign load during the
 * run, appends the metrics (or the error) to `entry` and recomputes its medians.
 */
export async function runRepetition(
  c: BenchCase,
  entry: CaseResult,
  rep: number,
  ctx: RepetitionContext,
): Promise<void> {
  const waitStart = Date.now();
  const idleBefore = await waitForIdle(ctx.sampleMs, Math.min(ctx.idleWaitMs, ctx.idleBudgetMs));
  ctx.idleBudgetMs = Math.max(0, ctx.idleBudgetMs - (Date.now() - waitStart));
  const monitor = new LoadMonitor(ctx.admin, Object.values(BENCH_DATABASES));
  await monitor.begin();
  const startedAt = new Date().toISOString();
  const t = performance.now();
  try {
    const metrics = await c.run();
    const load = await monitor.end(idleBefore);
    const durationMs = Math.round(performance.now() - t);
    entry.reps.push({ rep, startedAt, durationMs, metrics, load });
    console.error(
      `[bench] ${c.id} rep ${rep} (${durationMs} ms): ${JSON.stringify(metrics)} load=${JSON.stringify(load)}`,
    );
  } catch (error) {
    await monitor.end(idleBefore);
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    entry.errors.push(`rep ${rep}: ${message}`);
    console.error(`[bench] ${c.id} rep ${rep} FAILED: ${message}`);
  }
  aggregate(entry);
}
