import {
  type Clock,
  commandIdProblem,
  createConsoleLogger,
  InvalidHostOptionsError,
  type ScheduleDefinition,
  systemClock,
} from "@stageflow/kernel";
import {
  booleanOption,
  countOption,
  MAX_TIMER_MS,
  methodsOption,
  objectOption,
  thresholdOption,
  timerOption,
} from "./host-option-checks";
import { createSafeLogger, type HostLogger } from "./loop/host-logger";
import type { RetryBackoff } from "./loop/retry-delay";
import type { NodeHostOptions } from "./node-host-options";
import { type ResolvedRetention, resolveRetention } from "./retention/retention-options";

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
  readonly maxSchedulesPerTick: number;
  readonly schedules: readonly ScheduleDefinition[];
  readonly heartbeatIntervalMs: number;
  readonly stuckRunThresholdMs: number | undefined;
  readonly shutdownTimeoutMs: number;
  readonly handleSignals: boolean;
  readonly reclaimOwnLeases: boolean;
  readonly backoff: RetryBackoff;
  readonly logger: HostLogger;
  readonly clock: Clock;
  /** `undefined`: no retention. */
  readonly retention: ResolvedRetention | undefined;
}

/** What the host calls on its transport (`subscribe` too when it supports wake-ups). */
const TRANSPORT_METHODS = ["dequeue", "heartbeat", "release"] as const;

/** The levels the host logs at. */
const LOGGER_METHODS = ["info", "warn", "error", "debug"] as const;

/**
 * Checks every option and fills in the defaults, before the host does anything: the kernel, the
 * transport (its methods and, with wake-ups, `subscribe`), the worker id, every interval (a
 * positive number of milliseconds a Node timer can wait, at most 2^31 - 1, since Node fires longer
 * timers after 1 ms), the thresholds, every count and flag, the clock, logger, wake-up sources
 * (or `false`) and retry backoff. The logger defaults to the console (`createConsoleLogger`).
 *
 * @throws {@link InvalidHostOptionsError} naming the first option that is missing or malformed
 *   (`options` itself when it is not an object).
 */
export function resolveNodeHostOptions(options: NodeHostOptions): ResolvedNodeHostOptions {
  objectOption("options", options, false);
  if (typeof options.kernel?.dispatch !== "function") {
    throw new InvalidHostOptionsError("kernel", "expected a kernel with a dispatch function");
  }
  checkTransport(options.jobTransport);
  const idProblem = commandIdProblem(options.workerId);
  if (idProblem !== undefined) throw new InvalidHostOptionsError("workerId", idProblem);
  const staleLeaseThresholdMs = thresholdOption(
    "staleLeaseThresholdMs",
    options.staleLeaseThresholdMs,
    60_000,
  );
  const heartbeatIntervalMs = timerOption(
    "heartbeatIntervalMs",
    options.heartbeatIntervalMs,
    Math.min(MAX_TIMER_MS, Math.max(1, Math.floor(staleLeaseThresholdMs / 3))),
  );
  if (heartbeatIntervalMs >= staleLeaseThresholdMs) {
    throw new InvalidHostOptionsError(
      "heartbeatIntervalMs",
      `must be below staleLeaseThresholdMs (${staleLeaseThresholdMs}), or running jobs would be reaped`,
    );
  }
  const backoff = objectOption("retryBackoff", options.retryBackoff, true);
  const initialMs = timerOption("retryBackoff.initialMs", backoff?.initialMs, 250);
  const maxMs = timerOption("retryBackoff.maxMs", backoff?.maxMs, 10_000);
  checkWakeups(options.wakeups);
  if (options.logger !== undefined) methodsOption("logger", options.logger, LOGGER_METHODS);
  if (options.clock !== undefined) methodsOption("clock", options.clock, ["now"]);
  return {
    workerId: options.workerId,
    concurrency: countOption("concurrency", options.concurrency, 4),
    orchestrationIntervalMs: timerOption(
      "orchestrationIntervalMs",
      options.orchestrationIntervalMs,
      10_000,
    ),
    jobPollIntervalMs: timerOption("jobPollIntervalMs", options.jobPollIntervalMs, 1_000),
    staleLeaseThresholdMs,
    maxClaimsPerTick: countOption("maxClaimsPerTick", options.maxClaimsPerTick, 10),
    maxSuspendedChecksPerTick: countOption(
      "maxSuspendedChecksPerTick",
      options.maxSuspendedChecksPerTick,
      10,
    ),
    maxOutboxFlushPerTick: countOption("maxOutboxFlushPerTick", options.maxOutboxFlushPerTick, 100),
    maxSchedulesPerTick: countOption("maxSchedulesPerTick", options.maxSchedulesPerTick, 10),
    schedules: scheduleList(options.schedules),
    heartbeatIntervalMs,
    stuckRunThresholdMs:
      options.stuckRunThresholdMs === undefined
        ? undefined
        : thresholdOption("stuckRunThresholdMs", options.stuckRunThresholdMs, 0),
    shutdownTimeoutMs: timerOption("shutdownTimeoutMs", options.shutdownTimeoutMs, 30_000),
    handleSignals: booleanOption("handleSignals", options.handleSignals, true),
    reclaimOwnLeases: booleanOption("reclaimOwnLeases", options.reclaimOwnLeases, true),
    backoff: { initialMs, maxMs: Math.max(initialMs, maxMs) },
    logger: createSafeLogger(options.logger ?? createConsoleLogger(), {
      workerId: options.workerId,
    }),
    clock: options.clock ?? systemClock,
    retention: resolveRetention(options.retention),
  };
}

function checkTransport(transport: unknown): void {
  methodsOption("jobTransport", transport, TRANSPORT_METHODS);
  const capabilities = objectOption(
    "jobTransport.capabilities",
    (transport as { capabilities?: unknown }).capabilities,
    false,
  );
  if (capabilities?.supportsWakeups === true) {
    methodsOption("jobTransport", transport, [...TRANSPORT_METHODS, "subscribe"]);
  }
}

function checkWakeups(wakeups: unknown): void {
  if (wakeups === false) return; // wake-up channels turned off
  const sources = objectOption("wakeups", wakeups, true);
  if (sources === undefined) return;
  for (const name of ["runs", "outbox"] as const) {
    if (sources[name] !== undefined) methodsOption(`wakeups.${name}`, sources[name], ["subscribe"]);
  }
}

function scheduleList(
  value: readonly ScheduleDefinition[] | undefined,
): readonly ScheduleDefinition[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new InvalidHostOptionsError("schedules", "expected an array of schedule definitions");
  }
  return value;
}
