import {
  createTraceState,
  isSpanContextValid,
  type SpanContext,
  TraceFlags,
} from "@opentelemetry/api";
import type { TraceContext } from "@stageflow/kernel";

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The W3C `traceparent` / `tracestate` of `span`, or `null` for an invalid (untraced) context. */
export function toTraceContext(span: SpanContext): TraceContext | null {
  if (!isSpanContextValid(span)) return null;
  const flags = (span.traceFlags & 0xff).toString(16).padStart(2, "0");
  const state = span.traceState?.serialize() ?? "";
  return {
    traceparent: `00-${span.traceId}-${span.spanId}-${flags}`,
    tracestate: state === "" ? null : state,
  };
}

/**
 * The remote span context a stored `traceparent` (and `tracestate`) describes, or `undefined` when
 * it is malformed (version `ff`, all-zero ids): a bad stored value never breaks the work.
 */
export function fromTraceContext(
  traceparent: string,
  tracestate: string | null = null,
): SpanContext | undefined {
  const match = TRACEPARENT.exec(traceparent.trim());
  if (match === null || match[1] === "ff") return undefined;
  const context: SpanContext = {
    traceId: match[2] as string,
    spanId: match[3] as string,
    traceFlags: Number.parseInt(match[4] as string, 16) & TraceFlags.SAMPLED,
    isRemote: true,
    ...(tracestate === null || tracestate === ""
      ? {}
      : { traceState: createTraceState(tracestate) }),
  };
  return isSpanContextValid(context) ? context : undefined;
}
