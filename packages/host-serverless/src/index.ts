/**
 * `@stageflow/host-serverless` — a stateless Stageflow host for AWS Lambda, Cloudflare Workers,
 * Vercel or Deno Deploy: `handleJob` for queue-push platforms, `processAvailableJobs` for pull,
 * `runMaintenanceTick` for a cron trigger. No timers, no signal handlers, no globals.
 *
 * @example
 * ```ts
 * import { createServerlessHost } from "@stageflow/host-serverless";
 *
 * const host = createServerlessHost({ kernel, jobTransport, workerId: "lambda" });
 * const result = await host.handleJob(message.body);
 * if (result.outcome === "completed" || result.outcome === "suspended") message.ack();
 * else message.retry();
 * ```
 *
 * @packageDocumentation
 */

export { InvalidHostOptionsError } from "@stageflow/kernel";
export { createServerlessHost, type ServerlessHost } from "./create-serverless-host";
export { InvalidJobMessageError } from "./errors/invalid-job-message-error";
export type { HostLogger, HostLogMethod } from "./host-logger";
export { type HandleJobResult, type JobMessage, jobMessageFor } from "./jobs/job-message";
export type {
  ProcessAvailableJobsOptions,
  ProcessAvailableJobsResult,
} from "./jobs/process-available-jobs";
export type { MaintenanceStep, MaintenanceTickResult } from "./maintenance/run-maintenance-tick";
export type { ServerlessHostOptions } from "./serverless-host-options";
