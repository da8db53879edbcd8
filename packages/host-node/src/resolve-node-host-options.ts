import { type Clock, createConsoleLogger, systemClock } from "@stageflow/kernel";
import { InvalidHostOptionsError } from "./errors/invalid-host-options-error";
import { createSafeLogger, type HostLogger } from "./loop/host-logger";
import type { RetryBackoff } from "./loop/retry-delay";
import type { NodeHostOptions } from "./node-host-options";

/** {@link NodeHostOptions} with every default filled in and every value checked. */
export interface ResolvedNodeHostOptions {
  readonly workerId: string;
  readonly concurrency: number;
  readonly orchestrationIntervalMs: number;
  readonly jobPollIntervalMs: number;
  readonly staleLeaseThresholdMs: number;
  readonly maxClaimsPerTick: number;
  readonly maxSuspendedChecksPerTick: number;
  readonly maxOutboxFlushPerTick: number;
  readonly heartbeatIntervalMs: number;
  readonly stuckRunThresholdMs: number | undefined;
  readonly shutdownTimeoutMs: number;
  readonly handleSignals: boolean;
  readonly reclaimOwnLeases: boolean;
  readonly backoff: RetryBackoff;
  readonly logger: HostLogger;
  readonly clock: Clock;
}

/**
 * Fills in the defaults of the tuning options and checks them.
 *
 * @throws {@link InvalidHostOptionsError} for a missing kernel, transport or worker id, or a
 *   number that is not a positive (integer, where counted) value.
 */
export function resolveNodeHostOptions(options: NodeHostOptions): ResolvedNodeHostOptions {
  if (typeof options.kernel?.dispatch !== "function") {
    throw new InvalidHostOptionsError("kernel", "expected a kernel with a dispatch function");
  }
  if (typeof options.jobTransport?.dequeue !== "function") {
    throw new InvalidHostOptionsError("jobTransport", "expected a JobTransport");
  }
  if (typeof options.workerId !== "string" || options.workerId.trim() === "") {
    throw new InvalidHostOptionsError("workerId", "expected a non-empty string");
  }
  const staleLeaseThresholdMs = positive(
    "staleLeaseThresholdMs",
    options.staleLeaseThresholdMs,
    60_000,
  );
  const heartbeatIntervalMs = positive(
    "heartbeatIntervalMs",
    options.heartbeatIntervalMs,
    Math.max(1, Math.floor(staleLeaseThresholdMs / 3)),
  );
  if (heartbeatIntervalMs >= staleLeaseThresholdMs) {
    throw new InvalidHostOptionsError(
      "heartbeatIntervalMs",
      `must be below staleLeaseThresholdMs (${staleLeaseThresholdMs}), or running jobs would be reaped`,
    );
  }
  const initialMs = positive("retryBackoff.initialMs", options.retryBackoff?.initialMs, 250);
  const maxMs = positive("retryBackoff.maxMs", options.retryBackoff?.maxMs, 10_000);
  return {
    workerId: options.workerId,
    concurrency: count("concurrency", options.concurrency, 4),
    orchestrationIntervalMs: positive(
      "orchestrationIntervalMs",
      options.orchestrationIntervalMs,
      10_000,
    ),
    jobPollIntervalMs: positive("jobPollIntervalMs", options.jobPollIntervalMs, 1_000),
    staleLeaseThresholdMs,
    maxClaimsPerTick: count("maxClaimsPerTick", options.maxClaimsPerTick, 10),
    maxSuspendedChecksPerTick: count(
      "maxSuspendedChecksPerTick",
      options.maxSuspendedChecksPerTick,
      10,
    ),
    maxOutboxFlushPerTick: count("maxOutboxFlushPerTick", options.maxOutboxFlushPerTick, 100),
    heartbeatIntervalMs,
    stuckRunThresholdMs:
      options.stuckRunThresholdMs === undefined
        ? undefined
        : positive("stuckRunThresholdMs", options.stuckRunThresholdMs, 0),
    shutdownTimeoutMs: positive("shutdownTimeoutMs", options.shutdownTimeoutMs, 30_000),
    handleSignals: options.handleSignals ?? true,
    reclaimOwnLeases: options.reclaimOwnLeases ?? true,
    backoff: { initialMs, maxMs: Math.max(initialMs, maxMs) },
    logger: createSafeLogger(options.logger ?? createConsoleLogger(), {
      workerId: options.workerId,
    }),
    clock: options.clock ?? systemClock,
  };
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new InvalidHostOptionsError(
      name,
      `expected a positive number of milliseconds, got ${String(value)}`,
    );
  }
  return value;
}

function count(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidHostOptionsError(name, `expected a positive integer, got ${String(value)}`);
  }
  return value;
}
