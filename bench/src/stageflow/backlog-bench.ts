import type { Metrics } from "../lib/bench-case";
import { nowMs, sleep } from "../lib/clock";
import { perSecond } from "../lib/stats";
import { spawnWorkers, stopWorkers } from "../lib/workers";
import { NOOP_ONE_WORKFLOW_ID } from "./noop-workflow";
import { openStageflow, resetStageflow } from "./stageflow-env";

/**
 * Issue 16 backlog: `runs` one-stage no-op runs created one by one (`run.create`, each its own
 * commit) while no host runs, then one node host (a worker process, concurrency `conc`) starts;
 * the time is from its start until the last run's `workflow:completed` reached the host's
 * EventSink (after `capMs`: the runs delivered so far, flagged `capped`). Jobs/s = runs / time.
 */
export async function sfBacklog(runs: number, conc: number, capMs: number): Promise<Metrics> {
  const dialect = "postgres";
  await resetStageflow(dialect);
  let delivered = 0;
  let lastEnd = 0;
  const workers = await spawnWorkers({
    kind: "stageflow-host",
    procs: 1,
    options: { dialect, conc, markRuns: true, startOn: "go" },
    onMark: (_run, label, t) => {
      if (label !== "end") return;
      delivered++;
      lastEnd = Math.max(lastEnd, t);
    },
  });
  const env = openStageflow(dialect, { poolSize: 2 });
  try {
    for (let i = 0; i < runs; i++) {
      await env.kernel.dispatch({
        type: "run.create",
        workflowId: NOOP_ONE_WORKFLOW_ID,
        input: { i },
      });
    }
  } finally {
    await env.close();
  }
  await sleep(500);
  const t0 = nowMs();
  await Promise.all(workers.map((w) => w.go()));
  while (delivered < runs && nowMs() - t0 < capMs) await sleep(5);
  const capped = delivered < runs;
  const ms = (capped ? nowMs() : lastEnd) - t0;
  await stopWorkers(workers);
  return {
    jps: perSecond(delivered, ms),
    drain_ms: Math.round(ms),
    ...(capped ? { capped: 1, completed: delivered } : {}),
  };
}

/**
 * Issue 16 memory: one node host on SQLite runs `total` one-stage runs (created in its own
 * process, 500 at a time); its RSS after `first` runs and after `total` (MiB, and the growth).
 */
export async function sfRss(first: number, total: number, conc: number): Promise<Metrics> {
  await resetStageflow("sqlite");
  const [worker] = await spawnWorkers({
    kind: "stageflow-rss",
    procs: 1,
    options: { dialect: "sqlite", conc, first, total },
  });
  if (!worker) throw new Error("no worker");
  try {
    return (await worker.go()) as Metrics;
  } finally {
    await worker.stop();
  }
}
