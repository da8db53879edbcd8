import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { createTestKernel } from "@stageflow/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { otelTelemetry } from "../src/index";
import { createOtelHarness, parentId, useContextManager } from "./otel-harness";
import { createTracedWorkflow } from "./traced-workflow";

let disableContext: () => void;
beforeAll(() => {
  disableContext = useContextManager();
});
afterAll(() => disableContext());

let harness = createOtelHarness();
afterEach(async () => {
  await harness.shutdown();
  harness = createOtelHarness();
});

const named = (spans: readonly ReadableSpan[], name: string): ReadableSpan[] =>
  spans.filter((span) => span.name === name);
const one = (spans: readonly ReadableSpan[], name: string): ReadableSpan => {
  const found = named(spans, name);
  expect(
    found.map((s) => s.name),
    `one span "${name}"`,
  ).toEqual([name]);
  return found[0] as ReadableSpan;
};
const childrenOf = (spans: readonly ReadableSpan[], parent: ReadableSpan): string[] =>
  spans
    .filter((span) => parentId(span) === parent.spanContext().spanId)
    .map((span) => span.name)
    .sort();

async function runTraced(options: { failSummarizeAttempts?: number } = {}) {
  const telemetry = otelTelemetry({
    tracerProvider: harness.tracerProvider,
    meterProvider: harness.meterProvider,
  });
  const t = createTestKernel({ workflows: [createTracedWorkflow(options)], telemetry });
  const caller = harness.tracerProvider.getTracer("app");
  const { workflowRunId } = await caller.startActiveSpan("POST /documents", async (span) => {
    try {
      return await t.kernel.dispatch({
        type: "run.create",
        workflowId: "traced",
        input: { text: "  hello world  " },
      });
    } finally {
      span.end();
    }
  });
  const run = await t.runToCompletion(workflowRunId);
  return { ...t, run, workflowRunId, spans: harness.spans() };
}

describe("otelTelemetry: traces", () => {
  it("puts every span of a run in the caller's trace: producer, consumer attempts, phases", async () => {
    const { run, workflowRunId, spans } = await runTraced();
    expect(run.status).toBe("COMPLETED");
    const request = one(spans, "POST /documents");
    const traceId = request.spanContext().traceId;
    expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set([traceId]));

    const create = one(spans, "run.create traced");
    expect(create.kind).toBe(SpanKind.PRODUCER);
    expect(parentId(create)).toBe(request.spanContext().spanId);
    expect(create.attributes).toMatchObject({
      "stageflow.workflow.id": "traced",
      "stageflow.run.id": workflowRunId,
    });
    expect(run.traceparent).toBe(`00-${traceId}-${create.spanContext().spanId}-01`);

    for (const stageId of ["prepare", "summarize", "embed"]) {
      const stage = one(spans, `stage ${stageId}`);
      expect(stage.kind).toBe(SpanKind.CONSUMER);
      expect(parentId(stage)).toBe(create.spanContext().spanId);
      expect(stage.attributes).toMatchObject({
        "stageflow.workflow.id": "traced",
        "stageflow.run.id": workflowRunId,
        "stageflow.stage.id": stageId,
        "stageflow.stage.attempt": 1,
        "stageflow.stage.outcome": stageId === "embed" ? "suspended" : "completed",
      });
      expect(stage.status.code).toBe(SpanStatusCode.UNSET);
      expect(childrenOf(spans, stage)).toEqual(["body", "commit", "start"]);
    }
  });

  it("records an AI call of the body as a CLIENT span under the body phase", async () => {
    const { spans } = await runTraced();
    const stage = one(spans, "stage summarize");
    const body = spans.find(
      (s) => s.name === "body" && parentId(s) === stage.spanContext().spanId,
    ) as ReadableSpan;
    const ai = one(spans, "chat gpt-4o");
    expect(ai.kind).toBe(SpanKind.CLIENT);
    expect(parentId(ai)).toBe(body.spanContext().spanId);
    expect(ai.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.usage.input_tokens": 12,
      "gen_ai.usage.output_tokens": 3,
      "gen_ai.response.id": "chatcmpl-9",
      "stageflow.ai.cost_usd": 0.0001,
      "stageflow.stage.id": "summarize",
    });
  });

  it("ends the submit span at the suspension and links the resume span to it", async () => {
    const { spans, workflowRunId } = await runTraced();
    const create = one(spans, "run.create traced");
    const submit = one(spans, "stage embed");
    const resume = one(spans, "resume embed");
    expect(submit.attributes).toMatchObject({
      "stageflow.batch.id": `batch-${workflowRunId}`,
      "stageflow.batch.provider": "openai",
    });
    expect(resume.kind).toBe(SpanKind.CONSUMER);
    expect(parentId(resume)).toBe(create.spanContext().spanId);
    expect(resume.links.map((l) => l.context.spanId)).toEqual([submit.spanContext().spanId]);
    expect(resume.attributes).toMatchObject({
      "stageflow.batch.id": `batch-${workflowRunId}`,
      "stageflow.batch.provider": "openai",
      "stageflow.batch.ready": true,
      "stageflow.stage.outcome": "completed",
    });
    expect(childrenOf(spans, resume)).toEqual(["body", "commit"]);
    // Never held open across the suspension: the submit span ended before the resume began.
    const ms = (t: [number, number]) => t[0] * 1e3 + t[1] / 1e6;
    expect(ms(submit.endTime)).toBeLessThanOrEqual(ms(resume.startTime));
  });

  it("records a failed attempt as an error with its retry, and the next attempt", async () => {
    const { spans } = await runTraced({ failSummarizeAttempts: 1 });
    const attempts = named(spans, "stage summarize").sort(
      (a, b) =>
        Number(a.attributes["stageflow.stage.attempt"]) -
        Number(b.attributes["stageflow.stage.attempt"]),
    );
    expect(attempts.map((s) => s.attributes["stageflow.stage.attempt"])).toEqual([1, 2]);
    const [first, second] = attempts as [ReadableSpan, ReadableSpan];
    expect(first.status).toEqual({ code: SpanStatusCode.ERROR, message: "flaky attempt 1" });
    expect(first.attributes).toMatchObject({
      "stageflow.stage.outcome": "failed",
      "stageflow.stage.will_retry": true,
      "error.type": "Error",
    });
    expect(first.events.map((e) => e.name)).toEqual(["exception"]);
    expect(second.attributes["stageflow.stage.outcome"]).toBe("completed");
  });

  it("stores no trace context and emits nothing when no SDK is registered", async () => {
    const t = createTestKernel({ workflows: [createTracedWorkflow()], telemetry: otelTelemetry() });
    expect(trace.getTracerProvider().getTracer("x").startSpan("probe").isRecording()).toBe(false);
    const { workflowRunId } = await t.kernel.dispatch({
      type: "run.create",
      workflowId: "traced",
      input: { text: "x" },
    });
    const run = await t.runToCompletion(workflowRunId);
    expect(run).toMatchObject({ status: "COMPLETED", traceparent: null, tracestate: null });
    expect(harness.spans()).toEqual([]);
  });
});

describe("otelTelemetry: metrics", () => {
  const total = (points: { value: unknown }[]) =>
    points.reduce((sum, p) => sum + (typeof p.value === "number" ? p.value : 0), 0);
  const count = (points: { value: unknown }[]) =>
    points.reduce((sum, p) => sum + ((p.value as { count?: number }).count ?? 0), 0);

  it("counts runs, stage attempts, queue waits, outbox lag and AI usage by workflow and stage", async () => {
    await runTraced({ failSummarizeAttempts: 1 });
    const traced = { "stageflow.workflow.id": "traced" };
    expect(await harness.metric("stageflow.runs.started")).toEqual([
      { attributes: traced, value: 1 },
    ]);
    expect(await harness.metric("stageflow.runs.completed")).toEqual([
      { attributes: traced, value: 1 },
    ]);
    expect(await harness.metric("stageflow.runs.failed")).toEqual([]);
    const attempts = await harness.metric("stageflow.stage.attempts");
    const of = (stageId: string, outcome: string) =>
      total(
        attempts.filter(
          (p) =>
            p.attributes["stageflow.stage.id"] === stageId &&
            p.attributes["stageflow.stage.outcome"] === outcome,
        ),
      );
    expect(of("summarize", "failed")).toBe(1);
    expect(of("summarize", "completed")).toBe(1);
    expect(of("embed", "suspended")).toBe(1);
    expect(of("embed", "completed")).toBe(1);
    expect(of("prepare", "completed")).toBe(1);
    expect(count(await harness.metric("stageflow.stage.duration"))).toBe(5);
    // Four jobs: prepare, two attempts of summarize, embed's submit.
    expect(count(await harness.metric("stageflow.job.queue_wait"))).toBe(4);
    const lag = await harness.metric("stageflow.outbox.lag");
    expect(lag.every((p) => p.attributes["stageflow.workflow.id"] === "traced")).toBe(true);
    expect(lag.map((p) => p.attributes["stageflow.event.type"])).toContain("workflow:completed");
    const tokens = await harness.metric("gen_ai.client.token.usage");
    expect(
      tokens.map((p) => [p.attributes["gen_ai.token.type"], (p.value as { sum: number }).sum]),
    ).toEqual([
      ["input", 12],
      ["output", 3],
    ]);
    expect(tokens[0]?.attributes).toMatchObject({
      "stageflow.workflow.id": "traced",
      "stageflow.stage.id": "summarize",
    });
    expect(total(await harness.metric("stageflow.ai.cost"))).toBeCloseTo(0.0001, 10);
  });

  it("counts a failed run", async () => {
    const { run } = await runTraced({ failSummarizeAttempts: 3 });
    expect(run.status).toBe("FAILED");
    expect(await harness.metric("stageflow.runs.failed")).toEqual([
      { attributes: { "stageflow.workflow.id": "traced" }, value: 1 },
    ]);
  });
});
