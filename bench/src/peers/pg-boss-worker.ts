import PgBoss from "pg-boss";
import { nowMs } from "../lib/clock";
import type { MarkFn, WorkerHandle } from "../lib/worker-protocol";

/** The queue every pg-boss test uses, as in pgboss-bench.js. */
export const PG_BOSS_QUEUE = "noop";

/** Options of a pg-boss worker process. */
export interface PgBossWorkerOptions {
  url: string;
  conc: number;
  /** Jobs fetched per poll per worker loop (`PGB_BATCH`). */
  batch: number;
  markStarts: boolean;
}

/** A started pg-boss 10 instance with the anchor's options (no scheduling). */
export async function startBoss(url: string, max: number): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: url, max, schedule: false });
  boss.on("error", (error) => console.error(`[pg-boss] ${error.message}`));
  await boss.start();
  return boss;
}

/** pg-boss 10 workers as in pgboss-bench.js's `worker()`: one `work()` loop per unit of concurrency. */
export async function startPgBossWorker(
  raw: Record<string, unknown>,
  mark: MarkFn,
): Promise<WorkerHandle> {
  const o = raw as unknown as PgBossWorkerOptions;
  let n = 0;
  let first = 0;
  let last = 0;
  const boss = await startBoss(o.url, o.conc + 3);
  const handler = async (jobs: PgBoss.Job<{ id: number }>[]) => {
    for (const job of jobs) {
      const t = nowMs();
      if (!first) first = t;
      last = t;
      n++;
      if (o.markStarts) mark(String(job.data.id), "start", t);
    }
  };
  for (let i = 0; i < o.conc; i++) {
    await boss.work<{ id: number }>(
      PG_BOSS_QUEUE,
      { batchSize: o.batch, pollingIntervalSeconds: 0.5 },
      handler,
    );
  }
  return {
    async stop() {
      await boss.stop({ graceful: true, wait: true });
      return { n, first, last };
    },
  };
}
