// A worker process of the cross-run batching crash tests: a node host (built packages) on the
// database of STAGEFLOW_DB (a postgres:// URL or a SQLite file path) with cross-run batching
// through the real openai SDK at OPENAI_FAKE_URL. Prints "ready" once started.
import { createAIBatching } from "@stageflow/ai";
import { openaiProvider } from "@stageflow/ai-openai";
import { channelWakeups, createNodeHost } from "@stageflow/host-node";
import { createKernel, createWorkflowRegistry, systemClock } from "@stageflow/kernel";
import {
  createKyselyAICallLogger,
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
  createSqliteDatabase,
} from "@stageflow/persistence-kysely";
import { createBatchCrashWorkflow } from "./batch-workflow.mjs";

const target = process.env.STAGEFLOW_DB;
const workerId = process.env.STAGEFLOW_WORKER_ID;
const baseURL = process.env.OPENAI_FAKE_URL;
if (!target || !workerId || !baseURL)
  throw new Error("STAGEFLOW_DB, STAGEFLOW_WORKER_ID, OPENAI_FAKE_URL");

const db = target.startsWith("postgres")
  ? createPostgresDatabase(target, { maxConnections: 4 })
  : createSqliteDatabase(target);
const jobTransport = createKyselyJobTransport(db);
const kernel = createKernel({
  persistence: createKyselyPersistence(db),
  blobStore: createKyselyBlobStore(db),
  jobTransport,
  eventSink: { emit: async () => {} },
  clock: systemClock,
  registry: createWorkflowRegistry([createBatchCrashWorkflow()]),
  aiBatching: createAIBatching({
    providers: [openaiProvider({ apiKey: "sk-crash-test", baseURL, maxRetries: 0 })],
    logger: createKyselyAICallLogger(db),
    groups: { openai: { maxRequests: 10, maxDelayMs: 300, pollIntervalMs: 200 } },
  }),
  aiBatch: { submitLeaseMs: 1_500, pollLeaseMs: 1_500 },
});
const log = (level) => (obj, msg) => {
  const err = obj?.err instanceof Error ? ` (${obj.err.message})` : "";
  process.stderr.write(`[${workerId}] ${level} ${msg ?? ""}${err}\n`);
};
const host = createNodeHost({
  kernel,
  jobTransport,
  workerId,
  concurrency: 4,
  orchestrationIntervalMs: 200,
  jobPollIntervalMs: 100,
  staleLeaseThresholdMs: 1_500,
  heartbeatIntervalMs: 250,
  stuckRunThresholdMs: 2_000,
  shutdownTimeoutMs: 2_000,
  retryBackoff: { initialMs: 50, maxMs: 500 },
  wakeups: channelWakeups(jobTransport),
  logger: { info: () => {}, debug: () => {}, warn: log("warn"), error: log("error") },
});
await host.start();
process.stdout.write("ready\n");
