import {
  type Clock,
  commandIdProblem,
  createConsoleLogger,
  hostOptionChecks,
  InvalidHostOptionsError,
  systemClock,
} from "@stageflow/kernel";
import type { HostLogger } from "./host-logger";
import type { MaintenanceSettings } from "./maintenance/run-maintenance-tick";
import type { ServerlessHostOptions } from "./serverless-host-options";

const { countOption, methodsOption, objectOption, thresholdOption } = hostOptionChecks;

/** {@link ServerlessHostOptions} checked, with every default filled in. */
export interface ResolvedServerlessHostOptions {
  readonly settings: MaintenanceSettings;
  readonly clock: Clock;
  /** The given logger, else warnings on the console (`createConsoleLogger`), so failures are never silent. */
  readonly logger: HostLogger;
}

/** What the host calls on its transport. */
const TRANSPORT_METHODS = ["claim", "dequeue", "release"] as const;

/**
 * Checks every option of `createServerlessHost` and fills in the defaults: the kernel, the
 * transport's methods, the worker id, the thresholds (positive milliseconds), the counts, the
 * clock and the logger (default: the console).
 *
 * @throws {@link InvalidHostOptionsError} naming the first option that is missing or malformed
 *   (`options` itself when it is not an object).
 */
export function resolveServerlessHostOptions(
  options: ServerlessHostOptions,
): ResolvedServerlessHostOptions {
  objectOption("options", options, false);
  if (typeof options.kernel?.dispatch !== "function") {
    throw new InvalidHostOptionsError("kernel", "expected a kernel with a dispatch function");
  }
  methodsOption("jobTransport", options.jobTransport, TRANSPORT_METHODS);
  const idProblem = commandIdProblem(options.workerId);
  if (idProblem !== undefined) throw new InvalidHostOptionsError("workerId", idProblem);
  if (options.logger !== undefined) methodsOption("logger", options.logger, ["warn", "debug"]);
  if (options.clock !== undefined) methodsOption("clock", options.clock, ["now"]);
  return {
    settings: {
      workerId: options.workerId,
      maxClaimsPerTick: countOption("maxClaimsPerTick", options.maxClaimsPerTick, 10),
      maxSuspendedChecksPerTick: countOption(
        "maxSuspendedChecksPerTick",
        options.maxSuspendedChecksPerTick,
        10,
      ),
      maxOutboxFlushPerTick: countOption(
        "maxOutboxFlushPerTick",
        options.maxOutboxFlushPerTick,
        100,
      ),
      maxSchedulesPerTick: countOption("maxSchedulesPerTick", options.maxSchedulesPerTick, 10),
      staleLeaseThresholdMs: thresholdOption(
        "staleLeaseThresholdMs",
        options.staleLeaseThresholdMs,
        60_000,
      ),
      stuckRunThresholdMs:
        options.stuckRunThresholdMs === undefined
          ? undefined
          : thresholdOption("stuckRunThresholdMs", options.stuckRunThresholdMs, 0),
    },
    clock: options.clock ?? systemClock,
    logger: options.logger ?? createConsoleLogger(),
  };
}
