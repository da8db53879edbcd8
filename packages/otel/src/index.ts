/**
 * `@stageflow/otel` — OpenTelemetry traces and metrics for Stageflow through the kernel's
 * `telemetry` option. One trace per run across worker processes and provider-batch suspensions,
 * GenAI client spans for AI calls made through `@stageflow/ai`, and run, stage, queue, outbox and
 * AI metrics. `@opentelemetry/api` is a peer dependency; bring your own SDK and exporter.
 *
 * @example
 * ```ts
 * import { otelTelemetry } from "@stageflow/otel";
 *
 * const telemetry = otelTelemetry({ tracerProvider, meterProvider });
 * const kernel = createKernel({ persistence, blobStore, jobTransport, eventSink, clock, registry, telemetry });
 * ```
 *
 * @packageDocumentation
 */

export { ATTR, GEN_AI } from "./attributes";
export { type OtelTelemetry, type OtelTelemetryOptions, otelTelemetry } from "./otel-telemetry";
export { fromTraceContext, toTraceContext } from "./trace-context";
export { OTEL_SCOPE_NAME } from "./version";
