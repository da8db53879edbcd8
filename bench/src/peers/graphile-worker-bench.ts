import {
  type AddJobFunction,
  makeWorkerUtils,
  runMigrations,
  type WorkerUtils,
} from "graphile-worker";
import type { Pool } from "pg";
import type { Metrics } from "../lib/bench-case";
import { nowMs, sleep } from "../lib/clock";
import { BENCH_DATABASES, createPool, databaseUrl } from "../lib/databases";
import { measureLatency } from "../lib/latency-driver";
import { perSecond } from "../lib/stats";
import { combineStats, spawnWorkers, stopWorkers, workersStopper } from "../lib/workers";
import { quietLogger } from "./graphile-worker-worker";

const URL = databaseUrl(BENCH_DATABASES.graphileWorker);

async function withUtils<T>(fn: (utils: WorkerUtils, pool: Pool) => Promise<T>): Promise<T> {
  const pool = createPool(BENCH_DATABASES.graphileWorker, 4);
  try {
    await pool.query("drop schema if exists graphile_worker cascade");
    await runMigrations({ connectionString: URL, logger: quietLogger });
    const utils = await makeWorkerUtils({ connectionString: URL, logger: quietLogger });
    try {
      return await fn(utils, pool);
    } finally {
      await utils.release();
    }
  } finally {
    await pool.end();
  }
}

/** gw-bench.js `enqueue`: `addJob` one by one (one transaction each), then `addJobs` in 1,000s. */
export async function gwEnqueue(nSingle: number, nBatch: number): Promise<Metrics> {
  const single = await withUtils(async (utils) => {
    const t = nowMs();
    for (let i = 0; i < nSingle; i++) await utils.addJob("noop", { id: i });
    return perSecond(nSingle, nowMs() - t);
  });
  const batched = await withUtils(async (utils) => {
    const t = nowMs();
    for (let i = 0; i < nBatch; i += 1000) {
      const size = Math.min(1000, nBatch - i);
      await utils.addJobs(
        Array.from({ length: size }, (_, k) => ({ identifier: "noop", payload: { id: i + k } })),
      );
    }
    return perSecond(nBatch, nowMs() - t);
  });
  return { oneByOne_jps: single, batch1000_jps: batched };
}

/**
 * gw-bench.js `throughput`: workers already running (1 s settle), a single N-job insert, then the
 * time from its commit until no job row remains (graphile deletes completed jobs); after `capMs`
 * the rate of the jobs done so far is reported, flagged `capped`.
 */
export async function gwThroughput(
  n: number,
  procs: number,
  conc: number,
  tuned: boolean,
  capMs = 180_000,
): Promise<Metrics> {
  return withUtils(async (utils, pool) => {
    const workers = await spawnWorkers({
      kind: "graphile-worker",
      procs,
      options: { url: URL, conc, tuned, markStarts: false },
    });
    await sleep(1000);
    const specs = Array.from({ length: n }, (_, i) => ({ identifier: "noop", payload: { id: i } }));
    const tInsert = nowMs();
    await utils.addJobs(specs);
    const t0 = nowMs();
    let left = n;
    while (nowMs() - t0 < capMs) {
      const { rows } = await pool.query<{ c: number }>(
        "select count(*)::int c from graphile_worker._private_jobs",
      );
      left = rows[0]?.c ?? n;
      if (left === 0) break;
      await sleep(10);
    }
    const t1 = nowMs();
    const s = combineStats(await stopWorkers(workers));
    return {
      jps: perSecond(n - left, t1 - t0),
      ...(left > 0 ? { capped: 1, completed: n - left } : {}),
      insert_ms: Math.round(t0 - tInsert),
      drain_ms: Math.round(t1 - t0),
      jps_first_to_last_start: perSecond(n, s.last - s.first),
      ...Object.fromEntries(s.perProc.map((c, i) => [`proc${i}_jobs`, c])),
    };
  });
}

/** gw-bench.js `latency`: one job every `interval` ms after 20 warm-up jobs; send → handler start. */
export async function gwLatency(count: number, interval: number, conc: number): Promise<Metrics> {
  return withUtils(async (utils) => {
    const addJob: AddJobFunction = utils.addJob;
    return measureLatency({
      count,
      interval,
      start: (onMark) =>
        workersStopper(
          spawnWorkers({
            kind: "graphile-worker",
            procs: 1,
            options: { url: URL, conc, tuned: false, markStarts: true },
            onMark,
          }),
        ),
      send: async (id) => {
        await addJob("noop", { id });
        return String(id);
      },
    });
  });
}
