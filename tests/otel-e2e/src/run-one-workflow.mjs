// Runs the traced workflow once to completion on an in-memory SQLite database, with
// otelTelemetry() only when STAGEFLOW_WITH_OTEL=1, then prints one JSON line: the run's status
// and trace context, and the CommonJS modules of @opentelemetry in require.cache.
import { createRequire } from "node:module";
import { createKernel, createWorkflowRegistry, systemClock } from "@stageflow/kernel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createSqliteDatabase,
  migrateToLatest,
} from "@stageflow/persistence-kysely";
import { createTracedWorkflow } from "./traced-workflow.mjs";

const workerId = "solo";
const db = createSqliteDatabase(":memory:");
await migrateToLatest(db);
const persistence = createKyselyPersistence(db);
const jobTransport = createKyselyJobTransport(db);
const telemetry =
  process.env.STAGEFLOW_WITH_OTEL === "1"
    ? (await import("@stageflow/otel")).otelTelemetry()
    : undefined;
const kernel = createKernel({
  persistence,
  blobStore: createKyselyBlobStore(db),
  jobTransport,
  eventSink: { async emit() {} },
  clock: systemClock,
  registry: createWorkflowRegistry([
    createTracedWorkflow({
      openaiBaseURL: process.env.STAGEFLOW_OPENAI_URL ?? "",
      apiKey: process.env.STAGEFLOW_OPENAI_KEY ?? "",
    }),
  ]),
  ...(telemetry === undefined ? {} : { telemetry }),
});

const { workflowRunId } = await kernel.dispatch({
  type: "run.create",
  workflowId: "traced",
  input: { text: "no telemetry here" },
});
let run = await persistence.getRun(workflowRunId);
for (
  let round = 0;
  round < 20 && run?.status !== "COMPLETED" && run?.status !== "FAILED";
  round++
) {
  await kernel.dispatch({ type: "run.claimPending", workerId });
  for (const job of await jobTransport.dequeue({ workerId, limit: 10, now: new Date() })) {
    await kernel.dispatch({
      type: "job.execute",
      jobId: job.id,
      workflowRunId: job.workflowRunId,
      workflowId: job.workflowId,
      stageId: job.stageId,
      workerId,
    });
  }
  await kernel.dispatch({ type: "stage.pollSuspended" });
  await kernel.dispatch({ type: "outbox.flush", workerId });
  run = await persistence.getRun(workflowRunId);
}
const cjs = Object.keys(createRequire(import.meta.url).cache).filter((p) =>
  p.includes("@opentelemetry"),
);
process.stdout.write(
  `${JSON.stringify({ status: run?.status, traceparent: run?.traceparent, cjs })}\n`,
);
await jobTransport.close();
await db.destroy();
