import { Logger, run } from "graphile-worker";
import { nowMs } from "../lib/clock";
import type { MarkFn, WorkerHandle } from "../lib/worker-protocol";

/** Options of a graphile-worker worker process. */
export interface GraphileWorkerOptions {
  url: string;
  conc: number;
  /** Local queue + batched completion, as in gw-bench.js (`GW_TUNED=1`). */
  tuned: boolean;
  /** Report every start to the parent (latency tests). */
  markStarts: boolean;
}

/** graphile-worker's quiet logger (errors only), as in gw-bench.js. */
export const quietLogger = new Logger(() => (level, message) => {
  if (level === "error") console.error(message);
});

/** Runs graphile-worker with a `noop` task, exactly as gw-bench.js's `worker()`. */
export async function startGraphileWorker(
  raw: Record<string, unknown>,
  mark: MarkFn,
): Promise<WorkerHandle> {
  const o = raw as unknown as GraphileWorkerOptions;
  let n = 0;
  let first = 0;
  let last = 0;
  const tuned = o.tuned
    ? {
        preset: {
          worker: {
            localQueue: { size: o.conc * 5 },
            completeJobBatchDelay: 0,
            failJobBatchDelay: 0,
          },
        },
      }
    : {};
  const runner = await run({
    connectionString: o.url,
    concurrency: o.conc,
    maxPoolSize: o.conc + 2,
    noHandleSignals: true,
    logger: quietLogger,
    ...tuned,
    taskList: {
      noop: async (payload) => {
        const t = nowMs();
        if (!first) first = t;
        last = t;
        n++;
        if (o.markStarts) mark(String((payload as { id: number }).id), "start", t);
      },
    },
  });
  return {
    async stop() {
      await runner.stop();
      return { n, first, last };
    },
  };
}
