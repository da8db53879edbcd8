import {
  type Attributes,
  type Context,
  context,
  type Link,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  trace,
} from "@opentelemetry/api";
import type {
  StageAttemptEnd,
  StageAttemptInfo,
  StageAttemptPhase,
  StageAttemptTelemetry,
  StageTelemetry,
} from "@stageflow/kernel";
import { createAICallTelemetry } from "./ai-call-telemetry";
import { ATTR } from "./attributes";
import { nowMs } from "./clock";
import type { OtelState } from "./otel-state";
import { recordError } from "./record-error";
import { fromTraceContext, toTraceContext } from "./trace-context";

/** The parent of an attempt: the run's stored context, else whatever is active. */
function parentOf(info: StageAttemptInfo): Context {
  const stored = info.runTraceContext;
  const remote =
    stored === null ? undefined : fromTraceContext(stored.traceparent, stored.tracestate);
  return remote === undefined ? context.active() : trace.setSpanContext(ROOT_CONTEXT, remote);
}

/**
 * One stage attempt (`kind: "execute"`) or completion check (`kind: "check"`): a CONSUMER span
 * child of the run's stored context, started at the time the kernel began the attempt, with the
 * kernel's phases as child spans (`start` reconstructed from the start time, `body` and `commit`
 * wrapped). A check links to the span of the attempt that suspended the stage.
 */
export function createStageAttemptTelemetry(
  state: OtelState,
  kind: "execute" | "check",
): StageAttemptTelemetry {
  const startedAt = nowMs();
  let span: Span | undefined;
  let spanContext: Context | undefined;
  let info: StageAttemptInfo | undefined;
  let ended = false;
  return {
    started(attempt) {
      if (span !== undefined) return;
      info = attempt;
      const attributes: Attributes = {
        [ATTR.workflowId]: attempt.workflowId,
        [ATTR.runId]: attempt.workflowRunId,
        [ATTR.stageId]: attempt.stageId,
        [ATTR.attempt]: attempt.attempt,
      };
      if (attempt.batch !== undefined) {
        attributes[ATTR.batchId] = attempt.batch.id;
        if (attempt.batch.provider !== undefined) {
          attributes[ATTR.batchProvider] = attempt.batch.provider;
        }
      }
      const links: Link[] = [];
      const submit = attempt.link ? fromTraceContext(attempt.link) : undefined;
      if (submit !== undefined)
        links.push({ context: submit, attributes: { [ATTR.phase]: "submit" } });
      span = state.tracer.startSpan(
        `${kind === "execute" ? "stage" : "check"} ${attempt.stageId}`,
        { kind: SpanKind.CONSUMER, attributes, links, startTime: startedAt },
        parentOf(attempt),
      );
      spanContext = trace.setSpan(ROOT_CONTEXT, span);
      if (kind === "execute" && attempt.adopted !== true) {
        state.tracer
          .startSpan(
            "start",
            { startTime: startedAt, attributes: { [ATTR.phase]: "start" } },
            spanContext,
          )
          .end(nowMs());
      }
      if (kind === "execute" && attempt.adopted === true) span.setAttribute(ATTR.adopted, true);
      if (kind === "execute" && attempt.queuedAt !== undefined) {
        const waited = attempt.startedAt.getTime() - attempt.queuedAt.getTime();
        state.instruments.queueWait.record(Math.max(0, waited) / 1000, {
          [ATTR.workflowId]: attempt.workflowId,
          [ATTR.stageId]: attempt.stageId,
        });
      }
    },

    async phase<T>(
      phase: StageAttemptPhase,
      fn: (stage: StageTelemetry | undefined) => Promise<T>,
    ): Promise<T> {
      if (span === undefined || spanContext === undefined || info === undefined) {
        return fn(undefined);
      }
      const phaseSpan = state.tracer.startSpan(
        phase,
        { attributes: { [ATTR.phase]: phase } },
        spanContext,
      );
      const active = trace.setSpan(spanContext, phaseSpan);
      const owner = info;
      const stage =
        phase === "body" ? createAICallTelemetry(state, () => active, owner) : undefined;
      try {
        return await context.with(active, () => fn(stage));
      } catch (error) {
        recordError(phaseSpan, error);
        throw error;
      } finally {
        phaseSpan.end();
      }
    },

    traceparent() {
      return span === undefined ? null : (toTraceContext(span.spanContext())?.traceparent ?? null);
    },

    end(result: StageAttemptEnd) {
      if (span === undefined || info === undefined || ended) return;
      ended = true;
      const outcome = result.outcome;
      span.setAttribute(ATTR.outcome, outcome);
      if (result.batch !== undefined) {
        span.setAttribute(ATTR.batchId, result.batch.id);
        if (result.batch.provider !== undefined) {
          span.setAttribute(ATTR.batchProvider, result.batch.provider);
        }
      }
      if (kind === "check") span.setAttribute(ATTR.batchReady, outcome === "completed");
      if (kind === "check" && outcome === "completed") span.updateName(`resume ${info.stageId}`);
      if (result.willRetry !== undefined) span.setAttribute(ATTR.willRetry, result.willRetry);
      if (result.reason !== undefined) span.setAttribute(ATTR.skipReason, result.reason);
      if (outcome === "failed") recordError(span, result.error ?? "failed");
      const endedAt = nowMs();
      span.end(endedAt);
      const metric: Attributes = {
        [ATTR.workflowId]: info.workflowId,
        [ATTR.stageId]: info.stageId,
        [ATTR.outcome]: outcome,
        [ATTR.attemptKind]: kind,
      };
      state.instruments.stageAttempts.add(1, metric);
      state.instruments.stageDuration.record(Math.max(0, endedAt - startedAt) / 1000, metric);
    },
  };
}
