// A worker process for the restart test: a Node host (the built packages) with a stable worker id
// over SQLite (STAGEFLOW_RESTART_SQLITE) or Postgres (STAGEFLOW_RESTART_PG_URL), running the
// "restart" workflow. With STAGEFLOW_RESTART_HANG=1 its stage body hangs after printing
// "exec <run>" (the process is then SIGKILLed); otherwise it completes. The lease threshold is
// ten minutes, so only the restarted process reclaiming its own leases can resume the run soon.
import { defineStage, WorkflowBuilder } from "@stageflow/core";
import { createNodeHost } from "@stageflow/host-node";
import { createKernel, createWorkflowRegistry, systemClock } from "@stageflow/kernel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
  createSqliteDatabase,
} from "@stageflow/persistence-kysely";
import { z } from "zod";

const hang = process.env.STAGEFLOW_RESTART_HANG === "1";
const Value = z.object({ value: z.number() });
const slow = defineStage({
  id: "slow",
  name: "slow",
  schemas: { input: Value, output: Value, config: z.object({}) },
  async execute(ctx) {
    process.stdout.write(`exec ${ctx.workflowRunId}\n`);
    if (hang) await new Promise(() => {});
    return { output: { value: ctx.input.value + 1 } };
  },
});
export const restartWorkflow = new WorkflowBuilder(
  "restart",
  "Restart",
  "one slow stage",
  Value,
  Value,
)
  .pipe(slow)
  .build();

const db = process.env.STAGEFLOW_RESTART_SQLITE
  ? createSqliteDatabase(process.env.STAGEFLOW_RESTART_SQLITE)
  : createPostgresDatabase(process.env.STAGEFLOW_RESTART_PG_URL, { maxConnections: 4 });
const jobTransport = createKyselyJobTransport(db);
const kernel = createKernel({
  persistence: createKyselyPersistence(db),
  blobStore: createKyselyBlobStore(db),
  jobTransport,
  eventSink: { emit: async () => {} },
  clock: systemClock,
  registry: createWorkflowRegistry([restartWorkflow]),
});
const host = createNodeHost({
  kernel,
  jobTransport,
  workerId: "embedded-app",
  staleLeaseThresholdMs: 600_000,
  handleSignals: false,
});
await host.start();
process.stdout.write(`ready ${JSON.stringify(host.getStats().workerId)}\n`);
