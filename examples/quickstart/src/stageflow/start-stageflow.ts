import type { AnyWorkflow } from "@stageflow/core";
import { createNodeHost } from "@stageflow/host-node";
import {
  createKernel,
  createPluginRunner,
  createWorkflowRegistry,
  type Plugin,
  type StageProgressEvent,
  systemClock,
} from "@stageflow/kernel";
import type { SqlitePorts } from "./open-sqlite";

/** Options of {@link startStageflow}. */
export interface StartStageflowOptions {
  readonly ports: SqlitePorts;
  readonly workflows: readonly AnyWorkflow[];
  /** Receive outbox events (after commit, in per-run order). */
  readonly plugins: readonly Plugin[];
  /** Receives `stage:progress` live, in the process running the stage. */
  readonly onProgress?: (event: StageProgressEvent) => void;
  readonly workerId: string;
  /** Drain on SIGINT / SIGTERM (the demo: yes; tests: no). */
  readonly handleSignals: boolean;
}

/**
 * The kernel over the SQLite ports and a node host in this process, on the host's defaults:
 * wake-ups from the transport, sleeps until the next due batch poll, and (with the stable worker
 * id) a restart resumes the jobs the previous start left running.
 */
export async function startStageflow(options: StartStageflowOptions) {
  const { persistence, blobStore, jobTransport } = options.ports;
  const kernel = createKernel({
    persistence,
    blobStore,
    jobTransport,
    eventSink: createPluginRunner({ plugins: options.plugins }),
    clock: systemClock,
    registry: createWorkflowRegistry(options.workflows),
    ...(options.onProgress ? { hooks: { onProgress: options.onProgress } } : {}),
  });
  const host = createNodeHost({
    kernel,
    jobTransport,
    workerId: options.workerId,
    concurrency: 8,
    shutdownTimeoutMs: 5_000,
    handleSignals: options.handleSignals,
  });
  await host.start();
  return { kernel, host };
}
