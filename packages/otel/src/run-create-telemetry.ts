import { context, SpanKind } from "@opentelemetry/api";
import type { RunCreateTelemetry } from "@stageflow/kernel";
import { ATTR } from "./attributes";
import type { OtelState } from "./otel-state";
import { recordError } from "./record-error";
import { toTraceContext } from "./trace-context";

/**
 * `run.create`: a PRODUCER span `run.create {workflowId}` in the caller's active context. Its
 * context is what the kernel stores with the run, so the run's trace is this span's trace.
 */
export function createRunCreateTelemetry(state: OtelState, workflowId: string): RunCreateTelemetry {
  const span = state.tracer.startSpan(
    `run.create ${workflowId}`,
    { kind: SpanKind.PRODUCER, attributes: { [ATTR.workflowId]: workflowId } },
    context.active(),
  );
  let ended = false;
  return {
    traceContext: toTraceContext(span.spanContext()),
    end(result) {
      if (ended) return;
      ended = true;
      if ("error" in result) recordError(span, result.error);
      else span.setAttribute(ATTR.runId, result.workflowRunId);
      span.end();
    },
  };
}
