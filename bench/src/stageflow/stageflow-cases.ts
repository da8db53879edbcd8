import type { BenchCase } from "../lib/bench-case";
import type { PlanSizes } from "../plan-sizes";
import type { Unavailable } from "../report/results";
import { sfBacklog, sfRss } from "./backlog-bench";
import { sfLatency, sfMatrix } from "./host-bench";
import type { Dialect } from "./stageflow-env";
import { sfEnqueue, sfTransportThroughput } from "./transport-bench";

const SHORT: Record<Dialect, string> = { postgres: "pg", sqlite: "sqlite" };

/** Stageflow cases of issues 4 (transport, enqueue) and 5 (host latency and throughput). */
export async function stageflowCases(
  z: PlanSizes,
): Promise<{ cases: BenchCase[]; unavailable: Unavailable[] }> {
  const cases: BenchCase[] = [];
  const unavailable: Unavailable[] = [];
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
      for (const mode of ["perjob", "localq", "batched"] as const) {
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
      id: `sf.${d}.seeded.c4.p1`,
      tags: [...tags, "seeded"],
      system: "stageflow",
      variant: dialect,
      test: "seeded",
      params: { n: z.matrixRuns * 3, runs: z.matrixRuns, procs: 1, conc: 4, seeded: z.seededRuns },
      reps: z.reps,
      run: () => sfMatrix(dialect, z.matrixRuns, 1, 4, z.matrixCapMs, z.seededRuns),
    });
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
  cases.push({
    id: "sf.pg.backlog",
    tags: ["stageflow", "sf", "postgres", "backlog"],
    system: "stageflow",
    variant: "postgres",
    test: "backlog",
    params: { n: z.backlogRuns, procs: 1, conc: z.backlogConc },
    reps: z.reps,
    run: () => sfBacklog(z.backlogRuns, z.backlogConc, z.backlogCapMs),
  });
  cases.push({
    id: "sf.sqlite.rss",
    tags: ["stageflow", "sf", "sqlite", "rss"],
    system: "stageflow",
    variant: "sqlite",
    test: "rss",
    params: { first: z.rssFirst, total: z.rssTotal, conc: 10 },
    reps: 1,
    retry: false,
    run: () => sfRss(z.rssFirst, z.rssTotal, 10),
  });
  return { cases, unavailable };
}
