import { nowMs, sleep } from "../lib/clock";
import { countNotInStatus, type StageflowEnv } from "./stageflow-env";

/** Outcome of {@link drainRuns}. */
export interface DrainResult {
  ms: number;
  /** Runs COMPLETED when the drain ended. */
  runs: number;
  /** Stage jobs COMPLETED when the drain ended. */
  stageJobs: number;
  capped: boolean;
}

/**
 * Polls every 10 ms from `t0` until no run is left unfinished or `capMs` has passed. `seededJobs`
 * finished jobs were in the table before the case (not counted as its stage jobs).
 */
export async function drainRuns(
  env: StageflowEnv,
  total: number,
  t0: number,
  capMs: number,
  seededJobs = 0,
): Promise<DrainResult> {
  let left = total;
  while (nowMs() - t0 < capMs) {
    left = await countNotInStatus(env.db, "stageflow_runs", "COMPLETED");
    if (left === 0) break;
    await sleep(10);
  }
  const ms = nowMs() - t0;
  const pendingJobs = left > 0 ? await countNotInStatus(env.db, "stageflow_jobs", "COMPLETED") : 0;
  const allJobs = left > 0 ? (await countAll(env)) - seededJobs : total * 3;
  return { ms, runs: total - left, stageJobs: allJobs - pendingJobs, capped: left > 0 };
}

async function countAll(env: StageflowEnv): Promise<number> {
  const row = await env.db
    .selectFrom("stageflow_jobs")
    .select((eb) => eb.fn.countAll<number | string>().as("c"))
    .executeTakeFirst();
  return Number(row?.c ?? 0);
}
