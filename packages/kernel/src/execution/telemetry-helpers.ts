import type { StageTelemetry } from "@stageflow/core";
import type {
  BatchInfo,
  StageAttemptPhase,
  StageAttemptTelemetry,
  TraceContext,
} from "../ports/telemetry";
import type { RunRecord } from "../records/run-record";

/** Runs `fn` as `phase` of `trace`, or plainly (no telemetry context) when there is no trace. */
export function inPhase<T>(
  trace: StageAttemptTelemetry | undefined,
  phase: StageAttemptPhase,
  fn: (stage: StageTelemetry | undefined) => Promise<T>,
): Promise<T> {
  return trace === undefined ? fn(undefined) : trace.phase(phase, fn);
}

/** The trace context stored with `run`, or `null`. */
export function runTraceContext(run: RunRecord): TraceContext | null {
  return run.traceparent === null || run.traceparent === undefined
    ? null
    : { traceparent: run.traceparent, tracestate: run.tracestate ?? null };
}

/**
 * The provider batch a suspended state names: `batchId`, and the provider from
 * `metadata.provider` (as `@stageflow/ai`'s batch metadata has it) or a top-level `provider`.
 */
export function batchInfoOf(
  state: Record<string, unknown> | null | undefined,
): BatchInfo | undefined {
  if (state === null || state === undefined || typeof state.batchId !== "string") return undefined;
  const metadata = state.metadata;
  const nested =
    typeof metadata === "object" && metadata !== null
      ? (metadata as Record<string, unknown>).provider
      : undefined;
  const provider = typeof nested === "string" ? nested : state.provider;
  return typeof provider === "string" ? { id: state.batchId, provider } : { id: state.batchId };
}
