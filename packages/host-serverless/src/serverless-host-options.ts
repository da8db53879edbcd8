import type { Clock, JobTransport, Kernel } from "@stageflow/kernel";
import type { HostLogger } from "./host-logger";

/** Options of `createServerlessHost`. Every tuning option is optional; defaults per field. */
export interface ServerlessHostOptions {
  /** The kernel to dispatch commands to (`createKernel(...)`). */
  readonly kernel: Kernel;
  /**
   * The transport the kernel enqueues jobs on: `handleJob` leases exactly the message's job with
   * `claim`, `processAvailableJobs` the next due ones with `dequeue`.
   */
  readonly jobTransport: JobTransport;
  /**
   * The worker id leases and claims are taken under. Invocations may share it: a lease taken by
   * one invocation is used by the same invocation only.
   */
  readonly workerId: string;
  /**
   * A RUNNING job whose lease is older than this is returned to the queue by `runMaintenanceTick`.
   * Invocations do not heartbeat, so keep it above the platform's longest invocation. Default 60 000.
   */
  readonly staleLeaseThresholdMs?: number;
  /** Pending runs claimed per tick. Default 10. */
  readonly maxClaimsPerTick?: number;
  /** Suspended stages checked per tick. Default 10. */
  readonly maxSuspendedChecksPerTick?: number;
  /** Outbox events published per tick. Default 100. */
  readonly maxOutboxFlushPerTick?: number;
  /** Cron schedules handled per tick (`schedule.tick`). Default 10. */
  readonly maxSchedulesPerTick?: number;
  /** `run.reapStuck` inspects runs not updated for this long. Default: the kernel's (60 000). */
  readonly stuckRunThresholdMs?: number;
  /**
   * A pino-compatible logger for failures (`warn`) and details (`debug`). Default: warnings on the
   * console (`createConsoleLogger` of `@stageflow/kernel`); pass `silentLogger` to drop them.
   */
  readonly logger?: HostLogger;
  /** Time source for leases. Default: the system clock. */
  readonly clock?: Clock;
}
