import type { JobRecord } from "@stageflow/kernel";
import { nowMs, sleep } from "../lib/clock";
import type { WorkerHandle } from "../lib/worker-protocol";
import { bareJobs } from "./bare-jobs";
import { type Dialect, openStageflow } from "./stageflow-env";
import { WakeSignal } from "./wake-signal";

/** How the transport worker takes and completes jobs. */
export type TransportMode =
  /** `conc` loops, each `dequeue(limit 1)` then `completeJob` (its own commit): graphile-worker's default shape. */
  | "perjob"
  /** A local queue of `conc × 5` filled by batched dequeues; each slot awaits its own `completeJob` commit. */
  | "localq"
  /** The local queue, and completions committed in batches (`KyselyJobTransport.completeJobs`). */
  | "batched";

/** Options of a Stageflow transport worker process. */
export interface TransportWorkerOptions {
  dialect: Dialect;
  conc: number;
  mode: TransportMode;
  index: number;
}

/** A worker process that dequeues and completes bare jobs through the Kysely transport. */
export async function startTransportWorker(raw: Record<string, unknown>): Promise<WorkerHandle> {
  const o = raw as unknown as TransportWorkerOptions;
  const workerId = `bench-transport-${o.index}-${process.pid}`;
  const env = openStageflow(o.dialect, { poolSize: o.conc + 4 });
  const wake = new WakeSignal(1000);
  const wakeups = await wake.attach(env.transport);
  let stopping = false;
  let n = 0;
  let first = 0;
  let last = 0;
  let batches = 0;
  const started = () => {
    const t = nowMs();
    if (!first) first = t;
    last = t;
    n++;
  };
  const loops: Promise<void>[] = [];
  if (o.mode === "perjob") {
    for (let i = 0; i < o.conc; i++) {
      loops.push(
        (async () => {
          while (!stopping) {
            const [job] = await env.transport.dequeue({ workerId, limit: 1, now: new Date() });
            if (!job) {
              await wake.wait();
              continue;
            }
            started();
            await env.persistence.completeJob(job.id, new Date(), { workerId });
          }
        })(),
      );
    }
  } else {
    const completeMany = (ids: string[], now: Date) =>
      env.transport.completeJobs(
        ids.map((id) => ({ id, workerId })),
        now,
      );
    const queue: JobRecord[] = [];
    const done: string[] = [];
    let flushing: Promise<void> | null = null;
    const flush = async () => {
      while (done.length) {
        batches++;
        await completeMany(done.splice(0), new Date());
      }
    };
    const scheduleFlush = () => {
      flushing ??= (async () => {
        await sleep(0); // graphile-worker's completeJobBatchDelay: 0
        await flush();
        flushing = null;
      })();
    };
    let fetching: Promise<boolean> | null = null;
    const refill = () => {
      fetching ??= (async () => {
        const limit = o.conc * 5 - queue.length;
        const jobs =
          limit > 0 ? await env.transport.dequeue({ workerId, limit, now: new Date() }) : [];
        queue.push(...jobs);
        fetching = null;
        return jobs.length > 0;
      })();
      return fetching;
    };
    for (let i = 0; i < o.conc; i++) {
      loops.push(
        (async () => {
          while (!stopping) {
            const job = queue.shift();
            if (!job) {
              if (!(await refill())) await wake.wait();
              continue;
            }
            if (queue.length < o.conc) void refill();
            started();
            if (o.mode === "batched") {
              done.push(job.id);
              scheduleFlush();
            } else {
              await env.persistence.completeJob(job.id, new Date(), { workerId });
            }
          }
        })(),
      );
    }
    loops.push(
      (async () => {
        while (!stopping) await sleep(50);
        await flushing;
        await flush();
      })(),
    );
  }
  return {
    async go(payload) {
      const tInsert = nowMs();
      await env.transport.enqueue(bareJobs(0, (payload as { n: number }).n));
      return { tInsert, t0: nowMs() };
    },
    async stop() {
      stopping = true;
      await wake.detach();
      await Promise.all(loops);
      await env.close();
      return { n, first, last, extra: { wakeups, batches } };
    },
  };
}
