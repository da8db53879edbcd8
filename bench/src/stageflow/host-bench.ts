import type { Metrics } from "../lib/bench-case";
import { nowMs, sleep } from "../lib/clock";
import { measureLatency } from "../lib/latency-driver";
import { perSecond } from "../lib/stats";
import { combineStats, spawnWorkers, stopWorkers, workersStopper } from "../lib/workers";
import { type DrainResult, drainRuns } from "./drain-runs";
import { createRuns, STAGE_HOP } from "./host-worker";
import { NOOP_WORKFLOW_ID } from "./noop-workflow";
import { seedFinishedRuns } from "./seed-finished";
import { type Dialect, openStageflow, resetStageflow } from "./stageflow-env";

/**
 * Issue 5 latency at low load, the anchors' method with runs instead of jobs: one `run.create` of
 * the 3-stage no-op workflow every `interval` ms; pickup = send → first stage body start, end to
 * end = send → `workflow:completed` delivered to the host's EventSink. Postgres: the runs are
 * created in this process and one host runs in a worker process; SQLite: all in one process.
 */
export async function sfLatency(
  dialect: Dialect,
  count: number,
  interval: number,
  conc: number,
): Promise<Metrics> {
  await resetStageflow(dialect);
  if (dialect === "sqlite") {
    const [worker] = await spawnWorkers({
      kind: "stageflow-host",
      procs: 1,
      options: {
        dialect,
        conc,
        markRuns: true,
        startOn: "go",
        local: { test: "latency", count, interval },
      },
    });
    if (!worker) throw new Error("no worker");
    try {
      return (await worker.go()) as Metrics;
    } finally {
      await worker.stop();
    }
  }
  const env = openStageflow(dialect, { poolSize: 4 });
  try {
    return await measureLatency({
      count,
      interval,
      endLabel: "end",
      derived: STAGE_HOP,
      start: (onMark) =>
        workersStopper(
          spawnWorkers({
            kind: "stageflow-host",
            procs: 1,
            options: { dialect, conc, markRuns: true, startOn: "spawn" },
            onMark,
          }),
        ),
      send: async (i) => {
        const r = await env.kernel.dispatch({
          type: "run.create",
          workflowId: NOOP_WORKFLOW_ID,
          input: { i },
        });
        return r.workflowRunId;
      },
    });
  } finally {
    await env.close();
  }
}

/**
 * Issue 5 stage throughput: `runs` runs of the 3-stage no-op workflow are created first, then
 * `procs` hosts (already spawned and connected) start at once; time from start until every run
 * is COMPLETED (after `capMs`: the stage jobs completed so far, flagged `capped`).
 * Stage jobs/s = completed stage jobs / time. With `seeded`, the tables first get that many
 * finished runs (with their stages, jobs and events; issue 16's "a million finished runs").
 */
export async function sfMatrix(
  dialect: Dialect,
  runs: number,
  procs: number,
  conc: number,
  capMs: number,
  seeded = 0,
): Promise<Metrics> {
  await resetStageflow(dialect);
  let seedMs = 0;
  if (seeded > 0) {
    const t = nowMs();
    const env = openStageflow(dialect, { poolSize: 1 });
    try {
      await seedFinishedRuns(env.db, dialect, seeded);
    } finally {
      await env.close();
    }
    seedMs = nowMs() - t;
  }
  const local = dialect === "sqlite";
  const workers = await spawnWorkers({
    kind: "stageflow-host",
    procs,
    options: {
      dialect,
      conc,
      markRuns: false,
      startOn: "go",
      ...(local ? { local: { test: "matrix", runs } } : {}),
    },
  });
  let d: DrainResult;
  if (local) {
    d = (await workers[0]?.go({ capMs, seededJobs: seeded * 3 })) as DrainResult;
  } else {
    const env = openStageflow(dialect, { poolSize: 8 });
    try {
      await createRuns(env, runs);
      await sleep(500);
      const t0 = nowMs();
      await Promise.all(workers.map((w) => w.go()));
      d = await drainRuns(env, runs, t0, capMs, seeded * 3);
    } finally {
      await env.close();
    }
  }
  const s = combineStats(await stopWorkers(workers));
  return {
    jps: perSecond(d.stageJobs, d.ms),
    runs_ps: perSecond(d.runs, d.ms),
    drain_ms: Math.round(d.ms),
    ...(seeded > 0 ? { seeded, seed_ms: Math.round(seedMs) } : {}),
    ...(d.capped ? { capped: 1, completed: d.stageJobs } : {}),
    ...Object.fromEntries(s.perProc.map((c, i) => [`proc${i}_stages`, c])),
  };
}
