import { createConsoleLogger, systemClock } from "@stageflow/kernel";
import { InvalidHostOptionsError } from "./errors/invalid-host-options-error";
import type { HostLogger } from "./host-logger";
import { assertJobMessage } from "./jobs/assert-job-message";
import type { ExecuteJobContext } from "./jobs/execute-job";
import { handleJob } from "./jobs/handle-job";
import type { HandleJobResult, JobMessage } from "./jobs/job-message";
import {
  type ProcessAvailableJobsOptions,
  type ProcessAvailableJobsResult,
  processAvailableJobs,
} from "./jobs/process-available-jobs";
import {
  type MaintenanceSettings,
  type MaintenanceTickResult,
  runMaintenanceTick,
} from "./maintenance/run-maintenance-tick";
import type { ServerlessHostOptions } from "./serverless-host-options";

/** A stateless host: every method is one self-contained invocation. */
export interface ServerlessHost {
  /**
   * Runs the job a queue message announces (queue-push platforms). Failures are reported in the
   * result, never thrown; only a malformed message rejects (`InvalidJobMessageError`).
   */
  handleJob(message: JobMessage): Promise<HandleJobResult>;
  /**
   * Pulls and runs up to `maxJobs` due jobs (pull platforms). Failures are counted, never thrown;
   * only a `maxJobs` / `concurrency` that is not a positive integer rejects (`InvalidHostOptionsError`).
   */
  processAvailableJobs(options: ProcessAvailableJobsOptions): Promise<ProcessAvailableJobsResult>;
  /** One maintenance pass for a cron trigger; each step isolated. Never rejects. */
  runMaintenanceTick(): Promise<MaintenanceTickResult>;
}

/**
 * Creates a host for stateless platforms (AWS Lambda, Cloudflare Workers, Vercel, Deno Deploy):
 * no timers, no signal handlers, no global state — each call does its work and returns.
 *
 * @throws {@link InvalidHostOptionsError} when an option is missing or out of range.
 *
 * @example
 * ```ts
 * const host = createServerlessHost({ kernel, jobTransport, workerId: "lambda" });
 * export const cron = () => host.runMaintenanceTick();
 * export const pull = () => host.processAvailableJobs({ maxJobs: 5 });
 * ```
 */
export function createServerlessHost(options: ServerlessHostOptions): ServerlessHost {
  if (typeof options.kernel?.dispatch !== "function") {
    throw new InvalidHostOptionsError("kernel", "expected a kernel with a dispatch function");
  }
  if (
    typeof options.jobTransport?.dequeue !== "function" ||
    typeof options.jobTransport.claim !== "function"
  ) {
    throw new InvalidHostOptionsError(
      "jobTransport",
      "expected a JobTransport with dequeue and claim functions",
    );
  }
  if (typeof options.workerId !== "string" || options.workerId.trim() === "") {
    throw new InvalidHostOptionsError("workerId", "expected a non-empty string");
  }
  const settings: MaintenanceSettings = {
    workerId: options.workerId,
    maxClaimsPerTick: count("maxClaimsPerTick", options.maxClaimsPerTick, 10),
    maxSuspendedChecksPerTick: count(
      "maxSuspendedChecksPerTick",
      options.maxSuspendedChecksPerTick,
      10,
    ),
    maxOutboxFlushPerTick: count("maxOutboxFlushPerTick", options.maxOutboxFlushPerTick, 100),
    staleLeaseThresholdMs: positive("staleLeaseThresholdMs", options.staleLeaseThresholdMs, 60_000),
    stuckRunThresholdMs:
      options.stuckRunThresholdMs === undefined
        ? undefined
        : positive("stuckRunThresholdMs", options.stuckRunThresholdMs, 0),
  };
  // Default: warnings on the console (createConsoleLogger), so failures are never silent.
  const logger: HostLogger = options.logger ?? createConsoleLogger();
  const context: ExecuteJobContext = {
    kernel: options.kernel,
    transport: options.jobTransport,
    workerId: options.workerId,
    clock: options.clock ?? systemClock,
    logger,
  };
  return {
    async handleJob(message) {
      assertJobMessage(message);
      return handleJob(context, message);
    },
    async processAvailableJobs(pull) {
      count("maxJobs", pull?.maxJobs, Number.NaN);
      count("concurrency", pull.concurrency, 1);
      return processAvailableJobs(context, pull);
    },
    runMaintenanceTick: () => runMaintenanceTick(options.kernel, settings, logger),
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
  const resolved = value ?? fallback;
  if (!Number.isInteger(resolved) || resolved < 1) {
    throw new InvalidHostOptionsError(name, `expected a positive integer, got ${String(value)}`);
  }
  return resolved;
}
