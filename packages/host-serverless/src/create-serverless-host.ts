import { hostOptionChecks, InvalidHostOptionsError } from "@stageflow/kernel";
import { assertJobMessage } from "./jobs/assert-job-message";
import type { ExecuteJobContext } from "./jobs/execute-job";
import { handleJob } from "./jobs/handle-job";
import type { HandleJobResult, JobMessage } from "./jobs/job-message";
import {
  type ProcessAvailableJobsOptions,
  type ProcessAvailableJobsResult,
  processAvailableJobs,
} from "./jobs/process-available-jobs";
import { type MaintenanceTickResult, runMaintenanceTick } from "./maintenance/run-maintenance-tick";
import { resolveServerlessHostOptions } from "./resolve-serverless-host-options";
import type { ServerlessHostOptions } from "./serverless-host-options";

const { countOption, objectOption } = hostOptionChecks;

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
  /**
   * One maintenance pass for a cron trigger (due schedules fire first, so their runs are claimed
   * in the same pass); each step isolated. Never rejects. Schedules fire at the granularity of the
   * platform's trigger: missed ticks inside a schedule's catch-up window fire on the next pass.
   */
  runMaintenanceTick(): Promise<MaintenanceTickResult>;
}

/**
 * Creates a host for stateless platforms (AWS Lambda, Cloudflare Workers, Vercel, Deno Deploy):
 * no timers, no signal handlers, no global state — each call does its work and returns.
 *
 * @throws {@link InvalidHostOptionsError} when an option is missing or malformed (checked up front,
 *   see `resolveServerlessHostOptions`).
 *
 * @example
 * ```ts
 * const host = createServerlessHost({ kernel, jobTransport, workerId: "lambda" });
 * export const cron = () => host.runMaintenanceTick();
 * export const pull = () => host.processAvailableJobs({ maxJobs: 5 });
 * ```
 */
export function createServerlessHost(options: ServerlessHostOptions): ServerlessHost {
  const { settings, clock, logger } = resolveServerlessHostOptions(options);
  const context: ExecuteJobContext = {
    kernel: options.kernel,
    transport: options.jobTransport,
    workerId: options.workerId,
    clock,
    logger,
  };
  return {
    async handleJob(message) {
      assertJobMessage(message);
      return handleJob(context, message);
    },
    async processAvailableJobs(pull) {
      objectOption("processAvailableJobs options", pull, false);
      if (pull.maxJobs === undefined) {
        throw new InvalidHostOptionsError("maxJobs", "expected a positive integer, got nothing");
      }
      countOption("maxJobs", pull.maxJobs, 1);
      countOption("concurrency", pull.concurrency, 1);
      return processAvailableJobs(context, pull);
    },
    runMaintenanceTick: () => runMaintenanceTick(options.kernel, settings, logger),
  };
}
