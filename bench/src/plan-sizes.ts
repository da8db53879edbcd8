/** Workload sizes of a run; `--quick` shrinks them to fit ~2 minutes. */
export interface PlanSizes {
  reps: number;
  enqueueSingle: number;
  enqueueBatch: number;
  throughputN: number;
  throughputConc: number;
  procs: readonly number[];
  pgBossThroughputN: number;
  pgBossCapMs: number;
  latencyCount: number;
  latencyInterval: number;
  latencyConc: number;
  /** Stage-throughput matrix: runs of the 3-stage workflow (3 stage jobs each). */
  matrixRuns: number;
  matrixConcs: readonly number[];
  /** Longest drain of one matrix case; slower systems report the rate reached so far. */
  matrixCapMs: number;
  /** Backlog case: one-stage runs created one by one before the host starts (issue 16). */
  backlogRuns: number;
  backlogConc: number;
  backlogCapMs: number;
  /** Finished runs (with stages, jobs, events) seeded before the `seeded` matrix case. */
  seededRuns: number;
  /** Memory case: RSS after `rssFirst` one-stage runs and after `rssTotal`. */
  rssFirst: number;
  rssTotal: number;
}

/** Sizes of a full run (~15 minutes) and of a quick one (~2 minutes). */
export function planSizes(quick: boolean): PlanSizes {
  return quick
    ? {
        reps: 1,
        enqueueSingle: 1000,
        enqueueBatch: 5000,
        throughputN: 3000,
        throughputConc: 10,
        procs: [1, 2],
        pgBossThroughputN: 400,
        pgBossCapMs: 30_000,
        latencyCount: 60,
        latencyInterval: 50,
        latencyConc: 10,
        matrixRuns: 150,
        matrixConcs: [1, 4, 16],
        matrixCapMs: 3000,
        backlogRuns: 500,
        backlogConc: 10,
        backlogCapMs: 10_000,
        seededRuns: 100_000,
        rssFirst: 2_000,
        rssTotal: 20_000,
      }
    : {
        reps: 3,
        enqueueSingle: 5000,
        enqueueBatch: 20_000,
        throughputN: 20_000,
        throughputConc: 10,
        procs: [1, 2],
        pgBossThroughputN: 20_000,
        pgBossCapMs: 30_000,
        latencyCount: 200,
        latencyInterval: 50,
        latencyConc: 10,
        matrixRuns: 500,
        matrixConcs: [1, 4, 16],
        matrixCapMs: 6000,
        backlogRuns: 2000,
        backlogConc: 10,
        backlogCapMs: 30_000,
        seededRuns: 1_000_000,
        rssFirst: 10_000,
        rssTotal: 100_000,
      };
}
