import type { Counter, Histogram, Meter } from "@opentelemetry/api";

/** The metric instruments of one `otelTelemetry()`. */
export interface Instruments {
  /** `stageflow.runs.started`: runs a worker claimed (`workflow:started`). */
  readonly runsStarted: Counter;
  /** `stageflow.runs.completed`. */
  readonly runsCompleted: Counter;
  /** `stageflow.runs.failed`. */
  readonly runsFailed: Counter;
  /** `stageflow.runs.cancelled`. */
  readonly runsCancelled: Counter;
  /** `stageflow.run.duration` (s): start to completion of completed runs. */
  readonly runDuration: Histogram;
  /** `stageflow.stage.attempts`: stage attempts and completion checks, by outcome. */
  readonly stageAttempts: Counter;
  /** `stageflow.stage.duration` (s): wall time of one attempt or check. */
  readonly stageDuration: Histogram;
  /** `stageflow.job.queue_wait` (s): from a job becoming available to its attempt starting. */
  readonly queueWait: Histogram;
  /** `stageflow.outbox.lag` (s): from an event's commit to its publication. */
  readonly outboxLag: Histogram;
  /** `gen_ai.client.token.usage` ({token}), by `gen_ai.token.type`. */
  readonly aiTokens: Histogram;
  /** `gen_ai.client.operation.duration` (s). */
  readonly aiDuration: Histogram;
  /** `stageflow.ai.cost` (USD). */
  readonly aiCost: Counter;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600];

/** Creates the instruments on `meter`. */
export function createInstruments(meter: Meter): Instruments {
  const seconds = (name: string, description: string) =>
    meter.createHistogram(name, {
      unit: "s",
      description,
      advice: { explicitBucketBoundaries: SECONDS },
    });
  return {
    runsStarted: meter.createCounter("stageflow.runs.started", {
      unit: "{run}",
      description: "Runs claimed by a worker",
    }),
    runsCompleted: meter.createCounter("stageflow.runs.completed", {
      unit: "{run}",
      description: "Runs that completed",
    }),
    runsFailed: meter.createCounter("stageflow.runs.failed", {
      unit: "{run}",
      description: "Runs that failed",
    }),
    runsCancelled: meter.createCounter("stageflow.runs.cancelled", {
      unit: "{run}",
      description: "Runs that were cancelled",
    }),
    runDuration: seconds("stageflow.run.duration", "Start to completion of completed runs"),
    stageAttempts: meter.createCounter("stageflow.stage.attempts", {
      unit: "{attempt}",
      description: "Stage attempts and completion checks, by outcome",
    }),
    stageDuration: seconds("stageflow.stage.duration", "Wall time of one stage attempt or check"),
    queueWait: seconds("stageflow.job.queue_wait", "From a job becoming available to its start"),
    outboxLag: seconds("stageflow.outbox.lag", "From an event's commit to its publication"),
    aiTokens: meter.createHistogram("gen_ai.client.token.usage", {
      unit: "{token}",
      description: "Tokens of AI calls, by gen_ai.token.type",
    }),
    aiDuration: seconds("gen_ai.client.operation.duration", "Duration of AI calls"),
    aiCost: meter.createCounter("stageflow.ai.cost", {
      unit: "USD",
      description: "Cost of AI calls in US dollars",
    }),
  };
}
