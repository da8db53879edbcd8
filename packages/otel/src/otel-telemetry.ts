import { type MeterProvider, metrics, type TracerProvider, trace } from "@opentelemetry/api";
import type { StageTelemetry, Telemetry } from "@stageflow/kernel";
import { activeContextAITelemetry } from "./ai-call-telemetry";
import { createInstruments } from "./instruments";
import type { OtelState } from "./otel-state";
import { recordPublishedEvents } from "./record-published-events";
import { createRunCreateTelemetry } from "./run-create-telemetry";
import { createStageAttemptTelemetry } from "./stage-attempt-telemetry";
import { OTEL_SCOPE_NAME } from "./version";

/** Options of {@link otelTelemetry}. */
export interface OtelTelemetryOptions {
  /** Where spans go. Default: the global provider (`trace.getTracerProvider()`). */
  readonly tracerProvider?: TracerProvider;
  /** Where metrics go. Default: the global provider (`metrics.getMeterProvider()`). */
  readonly meterProvider?: MeterProvider;
  /**
   * Record prompts, system instructions and completions on AI spans (`gen_ai.input.messages`,
   * `gen_ai.system_instructions`, `gen_ai.output.messages`), with anything that looks like a
   * credential redacted. Default `false`: only sizes, tokens, ids and cost.
   */
  readonly captureContent?: boolean;
}

/**
 * The kernel's {@link Telemetry} on OpenTelemetry, which also serves as the AI helper's
 * `telemetry` outside a stage (spans under the active context).
 */
export interface OtelTelemetry extends Telemetry, StageTelemetry {}

/**
 * OpenTelemetry traces and metrics for Stageflow: pass the result as `createKernel({ telemetry })`
 * (or `createStageflow({ telemetry })`). One trace per run: `run.create` is a PRODUCER span in the
 * caller's context whose context is stored with the run; each stage attempt is a CONSUMER span
 * child of it, in whichever process runs it, with `start`, `body` and `commit` children; a
 * suspended stage's completion checks are new spans linked to the attempt that submitted the
 * batch; AI calls made through `@stageflow/ai` in a stage are GenAI CLIENT spans under the body.
 *
 * @example
 * ```ts
 * import { otelTelemetry } from "@stageflow/otel";
 *
 * const kernel = createKernel({ ...ports, telemetry: otelTelemetry() });
 * ```
 */
export function otelTelemetry(options: OtelTelemetryOptions = {}): OtelTelemetry {
  const tracerProvider = options.tracerProvider ?? trace.getTracerProvider();
  const meterProvider = options.meterProvider ?? metrics.getMeterProvider();
  const state: OtelState = {
    tracer: tracerProvider.getTracer(OTEL_SCOPE_NAME),
    instruments: createInstruments(meterProvider.getMeter(OTEL_SCOPE_NAME)),
    captureContent: options.captureContent === true,
  };
  const ai = activeContextAITelemetry(state);
  return {
    capturesContent: ai.capturesContent,
    startAICall: (call) => ai.startAICall(call),
    startRunCreate: (info) => createRunCreateTelemetry(state, info.workflowId),
    startStageAttempt: (kind) => createStageAttemptTelemetry(state, kind),
    eventsPublished: (events, publishedAt) =>
      recordPublishedEvents(state.instruments, events, publishedAt),
  };
}
