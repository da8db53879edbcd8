import type { BenchCase } from "../lib/bench-case";
import type { PlanSizes } from "../plan-sizes";
import { gwEnqueue, gwLatency, gwThroughput } from "./graphile-worker-bench";
import { pgBossEnqueue, pgBossLatency, pgBossThroughput } from "./pg-boss-bench";

/** graphile-worker and pg-boss cases, by the anchors' method (../shared/bench-anchors). */
export function peerCases(z: PlanSizes): BenchCase[] {
  const gw = ["peers", "gw", "postgres"];
  const pb = ["peers", "pgboss", "postgres"];
  const cases: BenchCase[] = [
    {
      id: "gw.enqueue",
      tags: [...gw, "enqueue"],
      system: "graphile-worker",
      variant: "default",
      test: "enqueue",
      params: { nSingle: z.enqueueSingle, nBatch: z.enqueueBatch },
      reps: z.reps,
      run: () => gwEnqueue(z.enqueueSingle, z.enqueueBatch),
    },
    {
      id: "pgboss.enqueue",
      tags: [...pb, "enqueue"],
      system: "pg-boss",
      variant: "default",
      test: "enqueue",
      params: { nSingle: z.enqueueSingle, nBatch: z.enqueueBatch },
      reps: z.reps,
      run: () => pgBossEnqueue(z.enqueueSingle, z.enqueueBatch),
    },
  ];
  for (const procs of z.procs) {
    for (const tuned of [false, true]) {
      const variant = tuned ? "tuned" : "default";
      cases.push({
        id: `gw.${variant}.throughput.p${procs}`,
        tags: [...gw, "throughput"],
        system: "graphile-worker",
        variant,
        test: "throughput",
        params: { n: z.throughputN, procs, conc: z.throughputConc },
        reps: z.reps,
        run: () => gwThroughput(z.throughputN, procs, z.throughputConc, tuned),
      });
    }
    cases.push({
      id: `pgboss.batch10.throughput.p${procs}`,
      tags: [...pb, "throughput"],
      system: "pg-boss",
      variant: "batch10",
      test: "throughput",
      params: { n: z.pgBossThroughputN, procs, conc: z.throughputConc },
      // poll-bound (10 loops × 10 jobs per 0.5 s per process): deterministic, one repetition.
      reps: 1,
      retry: false,
      run: () => pgBossThroughput(z.pgBossThroughputN, procs, z.throughputConc, 10, z.pgBossCapMs),
    });
  }
  for (const conc of z.matrixConcs) {
    for (const procs of z.procs) {
      const n = z.matrixRuns * 3;
      cases.push({
        id: `gw.default.matrix.c${conc}.p${procs}`,
        tags: [...gw, "matrix"],
        system: "graphile-worker",
        variant: "default",
        test: "matrix",
        params: { n, procs, conc },
        reps: z.reps,
        run: () => gwThroughput(n, procs, conc, false, z.matrixCapMs),
      });
    }
  }
  cases.push({
    id: "gw.default.backlog",
    tags: [...gw, "backlog"],
    system: "graphile-worker",
    variant: "default",
    test: "backlog",
    params: { n: z.backlogRuns, procs: 1, conc: z.backlogConc },
    reps: z.reps,
    run: () => gwThroughput(z.backlogRuns, 1, z.backlogConc, false, z.backlogCapMs),
  });
  cases.push(
    {
      id: "gw.latency",
      tags: [...gw, "latency"],
      system: "graphile-worker",
      variant: "default",
      test: "latency",
      params: { count: z.latencyCount, interval: z.latencyInterval, conc: z.latencyConc },
      reps: z.reps,
      run: () => gwLatency(z.latencyCount, z.latencyInterval, z.latencyConc),
    },
    {
      id: "pgboss.latency",
      tags: [...pb, "latency"],
      system: "pg-boss",
      variant: "default",
      test: "latency",
      params: { count: z.latencyCount, interval: z.latencyInterval, conc: z.latencyConc },
      reps: z.reps,
      run: () => pgBossLatency(z.latencyCount, z.latencyInterval, z.latencyConc),
    },
  );
  return cases;
}
