import { createNodeHost, type NodeHost } from "@stageflow/host-node";
import { nowMs } from "../lib/clock";
import { measureLatency } from "../lib/latency-driver";
import type { MarkFn, WorkerHandle } from "../lib/worker-protocol";
import { drainRuns } from "./drain-runs";
import { NOOP_STAGE_IDS, NOOP_WORKFLOW_ID, onStageStart } from "./noop-workflow";
import { type Dialect, hostWakeups, openStageflow, type StageflowEnv } from "./stageflow-env";

/** Options of a Stageflow node-host worker process. */
export interface HostWorkerOptions {
  dialect: Dialect;
  conc: number;
  index: number;
  /** Forward `start` (first stage), `end` (`workflow:completed` published) marks to the parent. */
  markRuns: boolean;
  /** `spawn`: the host starts before `ready` (latency); `go`: on the parent's `go` (throughput). */
  startOn: "spawn" | "go";
  /**
   * In-process driver (SQLite, whose wake-ups do not cross processes): runs the whole test here.
   * `latency`: `go` runs the latency method and answers with its metrics; `matrix`: `runs` runs
   * are created before `ready`, and `go` starts the host and answers once all are COMPLETED.
   */
  local?: { test: "latency"; count: number; interval: number } | { test: "matrix"; runs: number };
}

/**
 * Stage hop: from one stage body's start to the next one's, averaged over the two hops of a run
 * (the previous stage's completion commit, the transition that enqueues the next job, its
 * wake-up, dequeue and start commit): the job-level pickup inside a run.
 */
export const STAGE_HOP: Record<string, (marks: ReadonlyMap<string, number>) => number | undefined> =
  {
    stageHop: (m) => {
      const first = m.get("start");
      const third = m.get(`start:${NOOP_STAGE_IDS[2]}`);
      return first === undefined || third === undefined ? undefined : (third - first) / 2;
    },
  };

/** Creates `runs` runs of the no-op workflow, 8 dispatches in flight. */
export async function createRuns(env: StageflowEnv, runs: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < runs) {
      const i = next++;
      await env.kernel.dispatch({ type: "run.create", workflowId: NOOP_WORKFLOW_ID, input: { i } });
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
}

/** A worker process running a Stageflow node host over the no-op workflow. */
export async function startHostWorker(
  raw: Record<string, unknown>,
  mark: MarkFn,
): Promise<WorkerHandle> {
  const o = raw as unknown as HostWorkerOptions;
  let n = 0;
  let first = 0;
  let last = 0;
  let forward: MarkFn = o.markRuns ? mark : () => {};
  onStageStart((runId, stageId, t) => {
    if (!first) first = t;
    last = t;
    n++;
    forward(runId, stageId === NOOP_STAGE_IDS[0] ? "start" : `start:${stageId}`, t);
  });
  const env = openStageflow(o.dialect, {
    poolSize: o.conc + 6,
    onEvent: (event) => {
      if (event.type === "workflow:completed") forward(event.workflowRunId, "end", nowMs());
    },
  });
  const host: NodeHost = createNodeHost({
    kernel: env.kernel,
    jobTransport: env.transport,
    workerId: `bench-host-${o.index}-${process.pid}`,
    concurrency: o.conc,
    handleSignals: false,
    wakeups: hostWakeups(env),
  });
  if (o.local?.test === "matrix") await createRuns(env, o.local.runs);
  if (o.startOn === "spawn") await host.start();
  const local = o.local;
  return {
    async go(payload) {
      if (local?.test === "latency") {
        return measureLatency({
          count: local.count,
          interval: local.interval,
          endLabel: "end",
          derived: STAGE_HOP,
          start: async (onMark) => {
            forward = onMark;
            await host.start();
            return async () => {};
          },
          send: async (i) => {
            const { workflowRunId } = await env.kernel.dispatch({
              type: "run.create",
              workflowId: NOOP_WORKFLOW_ID,
              input: { i },
            });
            return workflowRunId;
          },
        });
      }
      const t0 = nowMs();
      await host.start();
      if (local?.test !== "matrix") return null;
      const { capMs, seededJobs } = payload as { capMs: number; seededJobs?: number };
      return drainRuns(env, local.runs, t0, capMs, seededJobs ?? 0);
    },
    async stop() {
      await host.stop();
      const stats = host.getStats();
      await env.close();
      return { n, first, last, extra: { ...stats } };
    },
  };
}
