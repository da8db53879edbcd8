import type { BenchCase } from "../lib/bench-case";
import type { PlanSizes } from "../plan-sizes";
import type { Unavailable } from "../report/results";
import { sfLatency, sfMatrix } from "./host-bench";
import { type Dialect, openStageflow } from "./stageflow-env";
import { sfEnqueue, sfTransportThroughput } from "./transport-bench";
import { findBatchCompletion } from "./transport-worker";

const SHORT: Record<Dialect, string> = { postgres: "pg", sqlite: "sqlite" };

/** Whether `@stageflow/persistence-kysely` offers a batched job completion. */
async function hasBatchCompletion(): Promise<boolean> {
  const env = openStageflow("sqlite", { poolSize: 1 });
  try {
    return findBatchCompletion(env.persistence) !== null;
  } finally {
    await env.close();
  }
}

/** Stageflow cases of issues 4 (transport, enqueue) and 5 (host latency and throughput). */
export async function stageflowCases(
  z: PlanSizes,
): Promise<{ cases: BenchCase[]; unavailable: Unavailable[] }> {
  const cases: BenchCase[] = [];
  const unavailable: Unavailable[] = [];
  const batched = await hasBatchCompletion();
  if (!batched) {
    unavailable.push({
      id: "sf.*.batched",
      reason:
        "batched completion: @stageflow/persistence-kysely offers none (`Persistence.completeJob` completes one job per statement and commit; no `completeJobs`). Measured instead: a local queue filled by batched `dequeue` with one durable `completeJob` commit per job (`localq`).",
    });
  }
  for (const dialect of ["postgres", "sqlite"] as const) {
    const d = SHORT[dialect];
    const tags = ["stageflow", "sf", dialect];
    const procsList = dialect === "sqlite" ? [1] : z.procs;
    cases.push({
      id: `sf.${d}.enqueue`,
      tags: [...tags, "enqueue"],
      system: "stageflow",
      variant: dialect,
      test: "enqueue",
      params: { nSingle: z.enqueueSingle, nBatch: z.enqueueBatch },
      reps: z.reps,
      run: () => sfEnqueue(dialect, z.enqueueSingle, z.enqueueBatch),
    });
    for (const procs of procsList) {
      for (const mode of batched
        ? (["perjob", "localq", "batched"] as const)
        : (["perjob", "localq"] as const)) {
        cases.push({
          id: `sf.${d}.${mode}.throughput.p${procs}`,
          tags: [...tags, "throughput"],
          system: "stageflow",
          variant: `${dialect} ${mode}`,
          test: "throughput",
          params: { n: z.throughputN, procs, conc: z.throughputConc },
          reps: z.reps,
          run: () => sfTransportThroughput(dialect, z.throughputN, procs, z.throughputConc, mode),
        });
      }
    }
    for (const conc of z.matrixConcs) {
      for (const procs of procsList) {
        cases.push({
          id: `sf.${d}.matrix.c${conc}.p${procs}`,
          tags: [...tags, "matrix"],
          system: "stageflow",
          variant: dialect,
          test: "matrix",
          params: { n: z.matrixRuns * 3, runs: z.matrixRuns, procs, conc },
          reps: z.reps,
          run: () => sfMatrix(dialect, z.matrixRuns, procs, conc, z.matrixCapMs),
        });
      }
    }
    cases.push({
      id: `sf.${d}.latency`,
      tags: [...tags, "latency"],
      system: "stageflow",
      variant: dialect,
      test: "latency",
      params: { count: z.latencyCount, interval: z.latencyInterval, conc: z.latencyConc },
      reps: z.reps,
      run: () => sfLatency(dialect, z.latencyCount, z.latencyInterval, z.latencyConc),
    });
  }
  return { cases, unavailable };
}
