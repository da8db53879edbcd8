import { type Attributes, type Context, context, SpanKind } from "@opentelemetry/api";
import type { AICallEnd, AICallObservation, AICallStart, StageTelemetry } from "@stageflow/kernel";
import { ATTR, GEN_AI } from "./attributes";
import { nowMs } from "./clock";
import type { OtelState } from "./otel-state";
import { errorType, recordError } from "./record-error";

/** The stage an AI call is attributed to (metrics by workflow and stage, span attributes). */
export interface AICallOwner {
  readonly workflowId: string;
  readonly workflowRunId: string;
  readonly stageId: string;
}

/**
 * The {@link StageTelemetry} of one stage body (or of the whole process when `owner` is absent):
 * every AI call is a CLIENT span named `{gen_ai.operation.name} {gen_ai.request.model}` under
 * `parent()` (the body's span, or the active context), following the GenAI semantic conventions,
 * plus token, duration and cost metrics.
 */
export function createAICallTelemetry(
  state: OtelState,
  parent: () => Context,
  owner?: AICallOwner,
): StageTelemetry {
  const ownerAttributes: Attributes =
    owner === undefined
      ? {}
      : {
          [ATTR.workflowId]: owner.workflowId,
          [ATTR.runId]: owner.workflowRunId,
          [ATTR.stageId]: owner.stageId,
        };
  const metricOwner: Attributes =
    owner === undefined
      ? {}
      : { [ATTR.workflowId]: owner.workflowId, [ATTR.stageId]: owner.stageId };
  return {
    capturesContent: state.captureContent,
    startAICall(call: AICallStart): AICallObservation {
      const started = nowMs();
      const attributes: Attributes = {
        [GEN_AI.operation]: call.operation,
        [GEN_AI.provider]: call.provider,
        [GEN_AI.requestModel]: call.model,
        ...ownerAttributes,
      };
      if (call.maxTokens !== undefined) attributes[GEN_AI.maxTokens] = call.maxTokens;
      if (call.temperature !== undefined) attributes[GEN_AI.temperature] = call.temperature;
      if (state.captureContent && call.content !== undefined) {
        Object.assign(attributes, inputContent(call.operation, call.content));
      }
      const span = state.tracer.startSpan(
        `${call.operation} ${call.model}`,
        { kind: SpanKind.CLIENT, attributes, startTime: started },
        parent(),
      );
      let ended = false;
      return {
        end(result: AICallEnd) {
          if (ended) return;
          ended = true;
          span.setAttribute(GEN_AI.inputTokens, result.inputTokens);
          span.setAttribute(GEN_AI.outputTokens, result.outputTokens);
          span.setAttribute(ATTR.aiCostUsd, result.costUsd);
          if (result.responseId !== undefined)
            span.setAttribute(GEN_AI.responseId, result.responseId);
          if (result.finishReasons !== undefined && result.finishReasons.length > 0) {
            span.setAttribute(GEN_AI.finishReasons, [...result.finishReasons]);
          }
          if (state.captureContent && result.output !== undefined) {
            span.setAttribute(
              GEN_AI.outputMessages,
              JSON.stringify([
                {
                  role: "assistant",
                  parts: [{ type: "text", content: result.output }],
                  ...(result.finishReasons?.[0] === undefined
                    ? {}
                    : { finish_reason: result.finishReasons[0] }),
                },
              ]),
            );
          }
          if (result.error !== undefined) recordError(span, result.error);
          const endedAt = nowMs();
          span.end(endedAt);
          const metric: Attributes = {
            [GEN_AI.operation]: call.operation,
            [GEN_AI.provider]: call.provider,
            [GEN_AI.requestModel]: call.model,
            ...metricOwner,
          };
          const { instruments } = state;
          instruments.aiDuration.record(
            Math.max(0, endedAt - started) / 1000,
            result.error === undefined
              ? metric
              : { ...metric, [ATTR.errorType]: errorType(result.error) },
          );
          instruments.aiTokens.record(result.inputTokens, {
            ...metric,
            [GEN_AI.tokenType]: "input",
          });
          if (call.operation !== "embeddings") {
            instruments.aiTokens.record(result.outputTokens, {
              ...metric,
              [GEN_AI.tokenType]: "output",
            });
          }
          if (result.costUsd > 0) instruments.aiCost.add(result.costUsd, metric);
        },
      };
    },
  };
}

/** The process-wide AI telemetry: spans under whatever context is active at the call. */
export function activeContextAITelemetry(state: OtelState): StageTelemetry {
  return createAICallTelemetry(state, () => context.active());
}

function inputContent(
  operation: AICallStart["operation"],
  content: NonNullable<AICallStart["content"]>,
): Attributes {
  const texts = typeof content.input === "string" ? [content.input] : [...content.input];
  const out: Attributes = {};
  if (content.system !== undefined) {
    out[GEN_AI.systemInstructions] = JSON.stringify([{ type: "text", content: content.system }]);
  }
  if (operation === "chat") {
    out[GEN_AI.inputMessages] = JSON.stringify([
      { role: "user", parts: texts.map((text) => ({ type: "text", content: text })) },
    ]);
  }
  return out;
}
