/**
 * `@stageflow/host-node` — a long-running Node.js worker for Stageflow. It gives the pure kernel
 * time: it keeps up to `concurrency` jobs in flight, starts them as soon as the transport wakes it
 * (Postgres `LISTEN/NOTIFY`, SQLite in process; polling is the fallback), heartbeats their leases,
 * claims new runs, polls suspended stages, reaps stale leases and stuck runs, flushes the outbox,
 * and drains gracefully on `stop()`, SIGTERM or SIGINT.
 *
 * @example
 * ```ts
 * import { createNodeHost, runAndWait } from "@stageflow/host-node";
 *
 * const host = createNodeHost({ kernel, jobTransport, workerId: "worker-1", concurrency: 8 });
 * await host.start();
 * const result = await runAndWait({
 *   kernel, persistence, host,
 *   workflow: wordCount, input: { text: "hello world" }, // typed by the workflow's input schema
 * });
 * await host.stop();
 * ```
 *
 * @packageDocumentation
 */

export { InvalidHostOptionsError } from "@stageflow/kernel";
export { createNodeHost, type NodeHost } from "./create-node-host";
export { RunWaitTimeoutError } from "./errors/run-wait-timeout-error";
export type { HostLogger, HostLogMethod } from "./loop/host-logger";
export type { NodeHostOptions } from "./node-host-options";
export type { RetentionOptions } from "./retention/retention-options";
export {
  type RunAndWaitBaseOptions,
  type RunAndWaitCommandOptions,
  type RunAndWaitOptions,
  type RunAndWaitWorkflowOptions,
  type RunOutcome,
  runAndWait,
} from "./runs/run-and-wait";
export type { RunInputOf, RunnableWorkflow, RunOutputOf } from "./runs/runnable-workflow";
export type { NodeHostStats } from "./stats/node-host-stats";
export {
  type ChannelWakeupTransport,
  channelWakeups,
  type WakeupChannel,
} from "./wakeups/channel-wakeups";
export type { WakeupSource } from "./wakeups/wakeup-source";
