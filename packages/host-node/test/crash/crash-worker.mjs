// A worker process for the crash-safety tests: a Node host (the built @stageflow/host-node) over
// Postgres running the crash workflow. Env: STAGEFLOW_CRASH_DB_URL, STAGEFLOW_WORKER_ID,
// STAGEFLOW_STALE_LEASE_MS, STAGEFLOW_ORCHESTRATION_MS (default 200). Prints "ready" once started and "exec <run> <stage>" for each body it
// starts. SIGTERM drains (the host's own handler), then the host re-raises it.
import { channelWakeups, createNodeHost } from "@stageflow/host-node";
import { createKernel, createWorkflowRegistry, systemClock } from "@stageflow/kernel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
} from "@stageflow/persistence-kysely";
import { createCrashWorkflow } from "./crash-workflow.mjs";

const url = process.env.STAGEFLOW_CRASH_DB_URL;
const workerId = process.env.STAGEFLOW_WORKER_ID;
const staleLeaseThresholdMs = Number(process.env.STAGEFLOW_STALE_LEASE_MS ?? 1_500);
const orchestrationIntervalMs = Number(process.env.STAGEFLOW_ORCHESTRATION_MS ?? 200);
if (!url || !workerId)
  throw new Error("STAGEFLOW_CRASH_DB_URL and STAGEFLOW_WORKER_ID are required");

const db = createPostgresDatabase(url, { maxConnections: 6 });
const jobTransport = createKyselyJobTransport(db);
const kernel = createKernel({
  persistence: createKyselyPersistence(db),
  blobStore: createKyselyBlobStore(db),
  jobTransport,
  eventSink: { emit: async () => {} },
  clock: systemClock,
  registry: createWorkflowRegistry([
    createCrashWorkflow((run, stage) => process.stdout.write(`exec ${run} ${stage}\n`)),
  ]),
});
const log = (level) => (obj, msg) => {
  const err = obj.err instanceof Error ? ` (${obj.err.message})` : "";
  process.stderr.write(`[${workerId}] ${level} ${msg ?? ""}${err}\n`);
};
const host = createNodeHost({
  kernel,
  jobTransport,
  workerId,
  concurrency: 4,
  orchestrationIntervalMs,
  jobPollIntervalMs: 200,
  staleLeaseThresholdMs,
  heartbeatIntervalMs: 250,
  stuckRunThresholdMs: 2_000,
  shutdownTimeoutMs: 10_000,
  retryBackoff: { initialMs: 50, maxMs: 1_000 },
  wakeups: channelWakeups(jobTransport),
  logger: { info: () => {}, debug: () => {}, warn: log("warn"), error: log("error") },
});
await host.start();
process.stdout.write("ready\n");
