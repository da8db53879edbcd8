// A worker process of the cross-process trace test. It opens the shared SQLite file, builds a
// kernel with otelTelemetry() exporting to memory, and executes commands read line by line from
// stdin: "claim", "job" (dequeue and execute one job), "poll", "flush". After each command it
// prints one line `done <json>` with the spans finished since the previous command.
import { createInterface } from "node:readline";
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { createKernel, createWorkflowRegistry, systemClock } from "@stageflow/kernel";
import { otelTelemetry } from "@stageflow/otel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createSqliteDatabase,
} from "@stageflow/persistence-kysely";
import { createTracedWorkflow } from "./traced-workflow.mjs";

const workerId = process.env.STAGEFLOW_WORKER_ID ?? "worker";
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
const db = createSqliteDatabase(process.env.STAGEFLOW_DB_FILE ?? "");
const jobTransport = createKyselyJobTransport(db);
const kernel = createKernel({
  persistence: createKyselyPersistence(db),
  blobStore: createKyselyBlobStore(db),
  jobTransport,
  eventSink: { emit() {} },
  clock: systemClock,
  registry: createWorkflowRegistry([
    createTracedWorkflow({
      openaiBaseURL: process.env.STAGEFLOW_OPENAI_URL ?? "",
      apiKey: process.env.STAGEFLOW_OPENAI_KEY ?? "",
    }),
  ]),
  telemetry: otelTelemetry({ tracerProvider }),
});

/** A finished span as plain JSON. */
function toJson(span) {
  return {
    name: span.name,
    kind: span.kind,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? null,
    attributes: span.attributes,
    links: span.links.map((link) => ({
      traceId: link.context.traceId,
      spanId: link.context.spanId,
    })),
    status: span.status,
    startTime: span.startTime,
    endTime: span.endTime,
    worker: workerId,
  };
}

const commands = {
  claim: () => kernel.dispatch({ type: "run.claimPending", workerId }),
  async job() {
    const [job] = await jobTransport.dequeue({ workerId, limit: 1, now: new Date() });
    if (job === undefined) return { outcome: "none" };
    const result = await kernel.dispatch({
      type: "job.execute",
      jobId: job.id,
      workflowRunId: job.workflowRunId,
      workflowId: job.workflowId,
      stageId: job.stageId,
      workerId,
    });
    return { stageId: job.stageId, outcome: result.outcome, error: result.error };
  },
  poll: () => kernel.dispatch({ type: "stage.pollSuspended" }),
  flush: () => kernel.dispatch({ type: "outbox.flush", workerId }),
};

const lines = createInterface({ input: process.stdin });
process.stdout.write("ready\n");
for await (const line of lines) {
  const command = commands[line.trim()];
  if (command === undefined) {
    if (line.trim() === "exit") break;
    continue;
  }
  const result = await command();
  await tracerProvider.forceFlush();
  const spans = exporter.getFinishedSpans().map(toJson);
  exporter.reset();
  process.stdout.write(`done ${JSON.stringify({ result, spans })}\n`);
}
await jobTransport.close();
await db.destroy();
