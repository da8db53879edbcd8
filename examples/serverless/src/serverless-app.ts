import { createServerlessHost } from "@stageflow/host-serverless";
import {
  createKernel,
  createPluginRunner,
  createWorkflowRegistry,
  systemClock,
} from "@stageflow/kernel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createSqliteDatabase,
  migrateToLatest,
} from "@stageflow/persistence-kysely";
import { jobRelayPlugin, type SendJobMessage } from "./job-relay";
import { reportWorkflow } from "./report-workflow";

/**
 * Everything one function instance needs, created once per container (outside the handler) and
 * reused by every invocation. Here the database is SQLite so the example runs anywhere; on a real
 * platform use `createPostgresDatabase` (Lambda) or a Postgres driver over Hyperdrive (Workers).
 */
export async function createServerlessApp(options: { filename: string; send: SendJobMessage }) {
  const db = createSqliteDatabase(options.filename);
  await migrateToLatest(db);
  const persistence = createKyselyPersistence(db);
  const jobTransport = createKyselyJobTransport(db);
  const kernel = createKernel({
    persistence,
    jobTransport,
    blobStore: createKyselyBlobStore(db),
    eventSink: createPluginRunner({
      plugins: [jobRelayPlugin({ persistence, send: options.send })],
    }),
    clock: systemClock,
    registry: createWorkflowRegistry([reportWorkflow]),
  });
  const host = createServerlessHost({
    kernel,
    jobTransport,
    workerId: "serverless",
    // Invocations do not heartbeat: keep this above the longest invocation.
    staleLeaseThresholdMs: 60_000,
  });
  return {
    db,
    persistence,
    kernel,
    host,
    /** Publish the events of the jobs just run, so the relay sends the next jobs at once. */
    flush: () => kernel.dispatch({ type: "outbox.flush", workerId: "serverless" }),
    close: () => db.destroy(),
  };
}
