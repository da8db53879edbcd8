import type { Pool } from "pg";
import type PgBoss from "pg-boss";
import type { Metrics } from "../lib/bench-case";
import { nowMs, sleep } from "../lib/clock";
import { BENCH_DATABASES, createPool, databaseUrl } from "../lib/databases";
import { measureLatency } from "../lib/latency-driver";
import { perSecond } from "../lib/stats";
import { combineStats, spawnWorkers, stopWorkers, workersStopper } from "../lib/workers";
import { PG_BOSS_QUEUE, startBoss } from "./pg-boss-worker";

const URL = databaseUrl(BENCH_DATABASES.pgBoss);

/** Drops pg-boss's schema and recreates it with the `noop` queue (pgboss-bench.js `reset`). */
async function reset(pool: Pool): Promise<void> {
  await pool.query("drop schema if exists pgboss cascade");
  const boss = await startBoss(URL, 2);
  await boss.createQueue(PG_BOSS_QUEUE);
  await boss.stop({ graceful: false });
}

function insert(boss: PgBoss, ids: number[]): Promise<void> {
  return boss.insert(ids.map((id) => ({ name: PG_BOSS_QUEUE, data: { id } })));
}

async function withReset<T>(fn: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = createPool(BENCH_DATABASES.pgBoss, 4);
  try {
    await reset(pool);
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

/** pgboss-bench.js `enqueue`: `send` one by one, then `insert` in 1,000s. */
export async function pgBossEnqueue(nSingle: number, nBatch: number): Promise<Metrics> {
  const single = await withReset(async () => {
    const boss = await startBoss(URL, 4);
    const t = nowMs();
    for (let i = 0; i < nSingle; i++) await boss.send(PG_BOSS_QUEUE, { id: i });
    const jps = perSecond(nSingle, nowMs() - t);
    await boss.stop({ graceful: false });
    return jps;
  });
  const batched = await withReset(async () => {
    const boss = await startBoss(URL, 4);
    const t = nowMs();
    for (let i = 0; i < nBatch; i += 1000) {
      await insert(
        boss,
        Array.from({ length: Math.min(1000, nBatch - i) }, (_, k) => i + k),
      );
    }
    const jps = perSecond(nBatch, nowMs() - t);
    await boss.stop({ graceful: false });
    return jps;
  });
  return { oneByOne_jps: single, batch1000_jps: batched };
}

/**
 * pgboss-bench.js `throughput`: workers already running, a single N-job insert, then the time from
 * its commit until every job is `completed` (capped at `capMs`).
 */
export async function pgBossThroughput(
  n: number,
  procs: number,
  conc: number,
  batch: number,
  capMs: number,
): Promise<Metrics> {
  return withReset(async (pool) => {
    const workers = await spawnWorkers({
      kind: "pg-boss",
      procs,
      options: { url: URL, conc, batch, markStarts: false },
    });
    await sleep(1000);
    const boss = await startBoss(URL, 2);
    const tInsert = nowMs();
    await insert(
      boss,
      Array.from({ length: n }, (_, i) => i),
    );
    const t0 = nowMs();
    let left = n;
    while (nowMs() - t0 < capMs) {
      const { rows } = await pool.query<{ c: number }>(
        "select count(*)::int c from pgboss.job where name = $1 and state <> 'completed'",
        [PG_BOSS_QUEUE],
      );
      left = rows[0]?.c ?? n;
      if (left === 0) break;
      await sleep(10);
    }
    const t1 = nowMs();
    await boss.stop({ graceful: false });
    const s = combineStats(await stopWorkers(workers));
    return {
      jps: perSecond(n - left, t1 - t0),
      completed: n - left,
      capped: left > 0 ? 1 : 0,
      insert_ms: Math.round(t0 - tInsert),
      drain_ms: Math.round(t1 - t0),
      jps_first_to_last_start: perSecond(n, s.last - s.first),
      ...Object.fromEntries(s.perProc.map((c, i) => [`proc${i}_jobs`, c])),
    };
  });
}

/** pgboss-bench.js `latency` (batch size 1): send → handler start. */
export async function pgBossLatency(
  count: number,
  interval: number,
  conc: number,
): Promise<Metrics> {
  return withReset(async () => {
    const boss = await startBoss(URL, 4);
    try {
      return await measureLatency({
        count,
        interval,
        start: (onMark) =>
          workersStopper(
            spawnWorkers({
              kind: "pg-boss",
              procs: 1,
              options: { url: URL, conc, batch: 1, markStarts: true },
              onMark,
            }),
          ),
        send: async (id) => {
          await boss.send(PG_BOSS_QUEUE, { id });
          return String(id);
        },
      });
    } finally {
      await boss.stop({ graceful: false });
    }
  });
}
