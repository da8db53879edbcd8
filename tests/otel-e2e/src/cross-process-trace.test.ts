/**
 * One trace per run across processes and a batch suspension: the test process creates the run in
 * its own request span; two worker processes (plain Node on the built packages, sharing one
 * SQLite file) execute its stages and poll its suspended batch stage, each exporting the spans it
 * finished as JSON. Every span must be in the request's trace, with the parent/child and link
 * structure of docs/observability.md.
 */
import { context, SpanKind, SpanStatusCode } from "@opentelemetry/api";
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
} from "@stageflow/persistence-kysely";
import { createSqliteFile, type SqliteFile } from "@stageflow/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeOpenAIServer,
  startFakeOpenAIServer,
} from "../../../packages/ai-openai/test/fake-openai-server";
import { type SpanJson, type SpanWorker, startSpanWorker } from "./span-worker-process";
import { createTracedWorkflow } from "./traced-workflow.mjs";

const API_KEY = "sk-otel-e2e-never-exported-51c2";
const INPUT = "  hello world  ";

let server: FakeOpenAIServer;
let file: SqliteFile;
const workers: SpanWorker[] = [];
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(async () => {
  context.setGlobalContextManager(contextManager.enable());
  server = await startFakeOpenAIServer();
  file = await createSqliteFile("stageflow-otel-");
});
afterAll(async () => {
  for (const worker of workers) await worker.close();
  await file?.close();
  await server?.close();
  contextManager.disable();
  context.disable();
});

/** Creates the run from this process, inside a request span, and returns the spans it made. */
async function createRunInRequest(): Promise<{ workflowRunId: string; spans: SpanJson[] }> {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const jobTransport = createKyselyJobTransport(file.db);
  const kernel = createKernel({
    persistence: createKyselyPersistence(file.db),
    blobStore: createKyselyBlobStore(file.db),
    jobTransport,
    eventSink: { async emit() {} },
    clock: systemClock,
    registry: createWorkflowRegistry([
      createTracedWorkflow({ openaiBaseURL: server.url, apiKey: API_KEY }),
    ]),
    telemetry: otelTelemetry({ tracerProvider }),
  });
  const { workflowRunId } = await tracerProvider
    .getTracer("app")
    .startActiveSpan("POST /documents", { kind: SpanKind.SERVER }, async (span) => {
      try {
        return await kernel.dispatch({
          type: "run.create",
          workflowId: "traced",
          input: { text: INPUT },
        });
      } finally {
        span.end();
      }
    });
  await jobTransport.close();
  const spans = exporter.getFinishedSpans().map(
    (span): SpanJson => ({
      name: span.name,
      kind: span.kind,
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      parentSpanId: span.parentSpanContext?.spanId ?? null,
      attributes: { ...span.attributes },
      links: [],
      status: span.status,
      startTime: span.startTime,
      endTime: span.endTime,
      worker: "parent",
    }),
  );
  return { workflowRunId, spans };
}

describe("one trace per run across worker processes", () => {
  let spans: SpanJson[] = [];
  let workflowRunId = "";
  const executedBy = new Map<string, string>();

  beforeAll(async () => {
    const env = {
      STAGEFLOW_DB_FILE: file.filename,
      STAGEFLOW_OPENAI_URL: server.url,
      STAGEFLOW_OPENAI_KEY: API_KEY,
    };
    const [a, b] = await Promise.all([
      startSpanWorker("worker-a", env),
      startSpanWorker("worker-b", env),
    ]);
    workers.push(a, b);
    const created = await createRunInRequest();
    workflowRunId = created.workflowRunId;
    spans.push(...created.spans);
    const step = async (worker: SpanWorker, command: "claim" | "job" | "poll" | "flush") => {
      const { result, spans: finished } = await worker.send(command);
      spans.push(...finished);
      const job = result as { stageId?: string; outcome?: string; error?: string };
      if (command === "job") {
        expect(job.outcome, job.error).not.toBe("none");
        executedBy.set(job.stageId ?? "?", worker.id);
      }
      return result;
    };
    await step(a, "claim");
    await step(a, "job"); // prepare
    await step(b, "job"); // summarize or embed
    await step(a, "job"); // the other one
    const polled = (await step(b, "poll")) as { resumed: number };
    expect(polled.resumed).toBe(1);
    await step(b, "flush");
    spans = [...spans];
  });

  const one = (name: string): SpanJson => {
    const found = spans.filter((span) => span.name === name);
    expect(
      found.map((span) => span.name),
      `one span "${name}"`,
    ).toEqual([name]);
    return found[0] as SpanJson;
  };
  const children = (parent: SpanJson) =>
    spans
      .filter((span) => span.parentSpanId === parent.spanId)
      .map((span) => span.name)
      .sort();

  it("completes the run with its stages split over both workers", async () => {
    const run = await createKyselyPersistence(file.db).getRun(workflowRunId);
    expect(run?.status).toBe("COMPLETED");
    expect([...executedBy.keys()].sort()).toEqual(["embed", "prepare", "summarize"]);
    expect(new Set(executedBy.values())).toEqual(new Set(["worker-a", "worker-b"]));
  });

  it("puts every span of every process in the request's trace", () => {
    const request = one("POST /documents");
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([request.traceId]));
    expect(new Set(spans.map((span) => span.worker))).toEqual(
      new Set(["parent", "worker-a", "worker-b"]),
    );
  });

  it("makes each stage attempt a CONSUMER child of the run's PRODUCER span, with its phases", () => {
    const request = one("POST /documents");
    const create = one("run.create traced");
    expect(create.kind).toBe(SpanKind.PRODUCER);
    expect(create.parentSpanId).toBe(request.spanId);
    expect(create.attributes["stageflow.run.id"]).toBe(workflowRunId);
    for (const stageId of ["prepare", "summarize", "embed"]) {
      const stage = one(`stage ${stageId}`);
      expect(stage.worker).toBe(executedBy.get(stageId));
      expect(stage.kind).toBe(SpanKind.CONSUMER);
      expect(stage.parentSpanId).toBe(create.spanId);
      expect(stage.status.code).toBe(SpanStatusCode.UNSET);
      expect(stage.attributes).toMatchObject({
        "stageflow.workflow.id": "traced",
        "stageflow.run.id": workflowRunId,
        "stageflow.stage.id": stageId,
        "stageflow.stage.attempt": 1,
      });
      expect(children(stage)).toEqual(["body", "commit", "start"]);
    }
  });

  it("links the resume span (another process) to the submit span, which ended at the suspension", () => {
    const create = one("run.create traced");
    const submit = one("stage embed");
    const resume = one("resume embed");
    expect(resume.worker).toBe("worker-b");
    expect(resume.parentSpanId).toBe(create.spanId);
    expect(resume.links).toEqual([{ traceId: submit.traceId, spanId: submit.spanId }]);
    for (const span of [submit, resume]) {
      expect(span.attributes).toMatchObject({
        "stageflow.batch.id": `batch-${workflowRunId}`,
        "stageflow.batch.provider": "openai",
      });
    }
    expect(submit.attributes["stageflow.stage.outcome"]).toBe("suspended");
    expect(resume.attributes["stageflow.stage.outcome"]).toBe("completed");
    const ms = (t: [number, number]) => t[0] * 1e3 + t[1] / 1e6;
    expect(ms(submit.endTime)).toBeLessThanOrEqual(ms(resume.startTime));
  });

  it("records the AI call through the OpenAI SDK as a GenAI CLIENT span with tokens", () => {
    const stage = one("stage summarize");
    const body = spans.find((span) => span.name === "body" && span.parentSpanId === stage.spanId);
    const ai = one("chat gpt-4o-mini");
    expect(ai.kind).toBe(SpanKind.CLIENT);
    expect(ai.parentSpanId).toBe(body?.spanId);
    expect(ai.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.request.max_tokens": 64,
      "gen_ai.usage.input_tokens": "hello world".length,
      "gen_ai.usage.output_tokens": "echo: hello world".length,
      "gen_ai.response.finish_reasons": ["stop"],
      "stageflow.stage.id": "summarize",
    });
    expect(String(ai.attributes["gen_ai.response.id"])).toMatch(/^chatcmpl-/);
    expect(ai.attributes["stageflow.ai.cost_usd"]).toBeGreaterThan(0);
    // No content without captureContent, and never the key.
    expect(Object.keys(ai.attributes).filter((k) => k.includes("messages"))).toEqual([]);
    expect(JSON.stringify(spans)).not.toContain(API_KEY);
  });
});
