import type { StageTelemetry } from "@stageflow/core";
import type { StageflowEvent } from "../events/stageflow-event";

/** What a stage's clients report to (`ctx.telemetry`), re-exported from `@stageflow/core`. */
export type {
  AICallEnd,
  AICallObservation,
  AICallStart,
  StageTelemetry,
} from "@stageflow/core";

/**
 * The telemetry port: hooks the kernel calls at the points a trace or a metric needs, so an
 * adapter (`@stageflow/otel`'s `otelTelemetry()`) can emit spans and metrics without the kernel
 * knowing any telemetry library. Optional: without `createKernel({ telemetry })` the kernel calls
 * nothing. Hooks must not throw and must be cheap; the kernel does not await them.
 */
export interface Telemetry {
  /**
   * `run.create` begins (before validation). The returned trace context is stored with the run,
   * so every process that later works on it continues the same trace.
   */
  startRunCreate(info: { readonly workflowId: string }): RunCreateTelemetry;
  /**
   * A stage attempt begins: `job.execute` (`kind: "execute"`, before its first transaction) or one
   * completion check of a suspended stage by `stage.pollSuspended` (`kind: "check"`).
   */
  startStageAttempt(kind: "execute" | "check"): StageAttemptTelemetry;
  /** `outbox.flush` published these events (after marking them published). */
  eventsPublished(events: readonly PublishedEvent[], publishedAt: Date): void;
}

/** W3C trace context (`traceparent`, `tracestate` headers) as stored with a run. */
export interface TraceContext {
  /** `00-<trace id>-<span id>-<flags>`. */
  readonly traceparent: string;
  /** Vendor trace state, or `null`. */
  readonly tracestate: string | null;
}

/** The observation of one `run.create`. */
export interface RunCreateTelemetry {
  /** The context to store with the new run, or `null` when nothing is traced. */
  readonly traceContext: TraceContext | null;
  /** Ends the observation with the run's id (also for an idempotent replay) or the rejection. */
  end(result: { readonly workflowRunId: string } | { readonly error: unknown }): void;
}

/** What identifies the stage attempt once its records are read. */
export interface StageAttemptInfo {
  readonly workflowId: string;
  readonly workflowRunId: string;
  readonly stageId: string;
  readonly attempt: number;
  /** The run's stored trace context (the parent of the attempt), when it has one. */
  readonly runTraceContext: TraceContext | null;
  /** The `traceparent` of the attempt that suspended the stage: a check links to it. */
  readonly link?: string | null | undefined;
  /** The provider batch a suspended stage waits for (from its suspended state). */
  readonly batch?: BatchInfo | undefined;
  /** When the job became available (queue wait = `startedAt − queuedAt`), for `execute`. */
  readonly queuedAt?: Date | undefined;
  /** Kernel clock time at which the attempt started. */
  readonly startedAt: Date;
  /** True when phase 1 was done by the transaction that claimed the job (no start phase). */
  readonly adopted?: boolean | undefined;
}

/** A provider batch, as an async-batch stage's suspended state names it. */
export interface BatchInfo {
  readonly id: string;
  readonly provider?: string | undefined;
}

/** How a stage attempt ended. */
export interface StageAttemptEnd {
  /**
   * `waiting`: a check found the batch not ready yet. `deferred`: the body asked to wait (a
   * shared AI rate limit) and the same attempt was rescheduled.
   */
  readonly outcome: "completed" | "suspended" | "failed" | "skipped" | "waiting" | "deferred";
  /** The failure, for `failed`. */
  readonly error?: unknown;
  /** For `failed`: another attempt is scheduled. */
  readonly willRetry?: boolean | undefined;
  /** Why the attempt was skipped. */
  readonly reason?: string | undefined;
  /** The batch the stage suspended on, for `suspended`. */
  readonly batch?: BatchInfo | undefined;
}

/** The phases of a stage attempt that the kernel wraps (the start phase is reported by `started`). */
export type StageAttemptPhase = "body" | "commit";

/** The observation of one stage attempt (or one completion check). */
export interface StageAttemptTelemetry {
  /** The attempt's records are read (phase 1 committed): who it is and where its trace is. */
  started(info: StageAttemptInfo): void;
  /**
   * Runs `fn` as `phase`; `fn` receives the telemetry the stage context carries for the body.
   * Resolves or rejects as `fn` does.
   */
  phase<T>(
    phase: StageAttemptPhase,
    fn: (stage: StageTelemetry | undefined) => Promise<T>,
  ): Promise<T>;
  /** The W3C `traceparent` of this attempt, stored on a stage that suspends; `null` when untraced. */
  traceparent(): string | null;
  /** Ends the observation; an attempt that never `started` records nothing. */
  end(result: StageAttemptEnd): void;
}

/** One published outbox event, with when it was written. */
export interface PublishedEvent {
  readonly event: StageflowEvent;
  /** When the event was appended to the outbox. */
  readonly createdAt: Date;
}
