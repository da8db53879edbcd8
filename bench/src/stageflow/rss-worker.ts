import { createNodeHost } from "@stageflow/host-node";
import { sleep } from "../lib/clock";
import type { WorkerHandle } from "../lib/worker-protocol";
import { NOOP_ONE_WORKFLOW_ID } from "./noop-workflow";
import { type Dialect, hostWakeups, openStageflow } from "./stageflow-env";

/** Options of the RSS worker process (issue 16's memory goal). */
export interface RssWorkerOptions {
  dialect: Dialect;
  conc: number;
  /** Runs after which the first RSS is taken, and the total after which the second one is. */
  first: number;
  total: number;
}

const CHUNK = 500;

/**
 * A node host that runs `total` one-stage no-op runs, created in chunks of 500 in its own process
 * (each chunk created, then drained until its `workflow:completed` events are delivered); `go`
 * answers with the process's RSS after `first` runs and after `total`, in MiB.
 */
export async function startRssWorker(raw: Record<string, unknown>): Promise<WorkerHandle> {
  const o = raw as unknown as RssWorkerOptions;
  let delivered = 0;
  const env = openStageflow(o.dialect, {
    poolSize: o.conc + 4,
    onEvent: (event) => {
      if (event.type === "workflow:completed") delivered++;
    },
  });
  const host = createNodeHost({
    kernel: env.kernel,
    jobTransport: env.transport,
    workerId: `bench-rss-${process.pid}`,
    concurrency: o.conc,
    handleSignals: false,
    wakeups: hostWakeups(env),
  });
  const runChunks = async (upTo: number): Promise<void> => {
    for (let created = delivered; created < upTo; ) {
      const size = Math.min(CHUNK, upTo - created);
      for (let i = 0; i < size; i++) {
        await env.kernel.dispatch({
          type: "run.create",
          workflowId: NOOP_ONE_WORKFLOW_ID,
          input: { i: created + i },
        });
      }
      created += size;
      while (delivered < created) await sleep(5);
    }
  };
  const mib = () => Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10;
  return {
    async go() {
      await host.start();
      await runChunks(o.first);
      const atFirst = mib();
      await runChunks(o.total);
      const atTotal = mib();
      return {
        rss_first_mib: atFirst,
        rss_total_mib: atTotal,
        growth_pct: Math.round(((atTotal - atFirst) / atFirst) * 1000) / 10,
      };
    },
    async stop() {
      await host.stop();
      await env.close();
      return { n: delivered, first: 0, last: 0 };
    },
  };
}
