import type { Metrics } from "../lib/bench-case";
import { nowMs, sleep } from "../lib/clock";
import { perSecond } from "../lib/stats";
import { combineStats, spawnWorkers, stopWorkers } from "../lib/workers";
import { bareJobs } from "./bare-jobs";
import { NOOP_WORKFLOW_ID } from "./noop-workflow";
import { countNotInStatus, type Dialect, openStageflow, resetStageflow } from "./stageflow-env";
import type { TransportMode } from "./transport-worker";

/**
 * Issue 4 throughput by the anchors' method: workers already running (1 s settle), a single
 * N-job `JobTransport.enqueue` (one transaction), then the time from its commit until every job
 * is COMPLETED. On SQLite the insert runs in the (single) worker process.
 */
export async function sfTransportThroughput(
  dialect: Dialect,
  n: number,
  procs: number,
  conc: number,
  mode: TransportMode,
): Promise<Metrics> {
  await resetStageflow(dialect);
  const env = openStageflow(dialect, { poolSize: 2 });
  try {
    const workers = await spawnWorkers({
      kind: "stageflow-transport",
      procs,
      options: { dialect, conc, mode },
    });
    await sleep(1000);
    let times: { tInsert: number; t0: number };
    if (dialect === "sqlite" && workers[0]) {
      // SQLite wake-ups do not cross processes: the embedded case inserts in the worker's process.
      times = (await workers[0].go({ n })) as typeof times;
    } else {
      const jobs = bareJobs(0, n);
      const tInsert = nowMs();
      await env.transport.enqueue(jobs);
      times = { tInsert, t0: nowMs() };
    }
    const { tInsert, t0 } = times;
    while ((await countNotInStatus(env.db, "stageflow_jobs", "COMPLETED")) > 0) await sleep(10);
    const t1 = nowMs();
    const stats = await stopWorkers(workers);
    const s = combineStats(stats);
    return {
      jps: perSecond(n, t1 - t0),
      insert_ms: Math.round(t0 - tInsert),
      drain_ms: Math.round(t1 - t0),
      jps_first_to_last_start: perSecond(n, s.last - s.first),
      wakeups: stats.every((x) => x.extra?.wakeups) ? 1 : 0,
      completion_batches: stats.reduce((a, x) => a + Number(x.extra?.batches ?? 0), 0),
      ...Object.fromEntries(s.perProc.map((c, i) => [`proc${i}_jobs`, c])),
    };
  } finally {
    await env.close();
  }
}

/**
 * Issue 4 enqueue: `run.create` one by one through the kernel (run + outbox row + idempotency
 * key, one transaction each), bare `JobTransport.enqueue` one by one, and in batches of 1,000.
 */
export async function sfEnqueue(
  dialect: Dialect,
  nSingle: number,
  nBatch: number,
): Promise<Metrics> {
  const measure = async (fn: (env: ReturnType<typeof openStageflow>) => Promise<number>) => {
    await resetStageflow(dialect);
    const env = openStageflow(dialect, { poolSize: 4 });
    try {
      return await fn(env);
    } finally {
      await env.close();
    }
  };
  const runCreate = await measure(async (env) => {
    const t = nowMs();
    for (let i = 0; i < nSingle; i++) {
      await env.kernel.dispatch({
        type: "run.create",
        workflowId: NOOP_WORKFLOW_ID,
        input: { i },
        idempotencyKey: `bench-${i}`,
      });
    }
    return perSecond(nSingle, nowMs() - t);
  });
  const single = await measure(async (env) => {
    const t = nowMs();
    for (let i = 0; i < nSingle; i++) await env.transport.enqueue(bareJobs(i, 1));
    return perSecond(nSingle, nowMs() - t);
  });
  const batched = await measure(async (env) => {
    const t = nowMs();
    for (let i = 0; i < nBatch; i += 1000)
      await env.transport.enqueue(bareJobs(i, Math.min(1000, nBatch - i)));
    return perSecond(nBatch, nowMs() - t);
  });
  return { runCreate_jps: runCreate, oneByOne_jps: single, batch1000_jps: batched };
}
