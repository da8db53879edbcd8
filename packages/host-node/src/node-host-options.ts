import type { Clock, JobTransport, Kernel, ScheduleDefinition } from "@stageflow/kernel";
import type { HostLogger } from "./loop/host-logger";
import type { RetentionOptions } from "./retention/retention-options";
import type { WakeupSource } from "./wakeups/wakeup-source";

/** Options of `createNodeHost`. Every tuning option is optional; defaults are listed per field. */
export interface NodeHostOptions {
  /** The kernel to dispatch commands to (`createKernel(...)`). */
  readonly kernel: Kernel;
  /** The transport the kernel enqueues jobs on; the host dequeues and heartbeats through it. */
  readonly jobTransport: JobTransport;
  /** Unique per process: leases, claims and outbox claims are taken under it. */
  readonly workerId: string;
  /** Jobs executing at once. Default 4. */
  readonly concurrency?: number;
  /**
   * Milliseconds between orchestration ticks (claim pending runs, poll suspended stages, reap
   * stale leases and stuck runs, flush the outbox). Default 10 000. Wake-ups and finished jobs
   * trigger claims and flushes sooner; the tick is the safety net.
   */
  readonly orchestrationIntervalMs?: number;
  /** Milliseconds between job polls when no wake-up arrives. Default 1 000. */
  readonly jobPollIntervalMs?: number;
  /** A running job whose lease was not renewed for this long is returned to the queue. Default 60 000. */
  readonly staleLeaseThresholdMs?: number;
  /** Pending runs claimed per claim. Default 10. */
  readonly maxClaimsPerTick?: number;
  /** Suspended stages checked per tick. Default 10. */
  readonly maxSuspendedChecksPerTick?: number;
  /** Outbox events published per flush. Default 100. */
  readonly maxOutboxFlushPerTick?: number;
  /** Milliseconds between lease heartbeats of running jobs. Default `staleLeaseThresholdMs / 3`. */
  readonly heartbeatIntervalMs?: number;
  /** `run.reapStuck` inspects runs not updated for this long. Default: the kernel's (60 000). */
  readonly stuckRunThresholdMs?: number;
  /** How long `stop()` waits for running jobs before releasing their leases. Default 30 000. */
  readonly shutdownTimeoutMs?: number;
  /**
   * Drain on SIGTERM / SIGINT (a second signal stops waiting for running jobs). After the drain the
   * signal is raised again when nothing else listens for it, so the process ends. Default true.
   */
  readonly handleSignals?: boolean;
  /** Backoff of a failing loop (database outage): doubling from `initialMs` (250) to `maxMs` (10 000). */
  readonly retryBackoff?: { readonly initialMs?: number; readonly maxMs?: number };
  /**
   * Wake-up sources: `runs` fires when runs are created (the host claims at once), `outbox` when
   * events are appended (the host flushes at once). Default: the transport's own `runs` and
   * `outbox` channels when it offers them (`capabilities.supportsWakeupChannels`, as
   * `createKyselyJobTransport` does), so nothing waits for the tick; `false` turns them off. Job
   * wake-ups come from `jobTransport.subscribe` when `capabilities.supportsWakeups` is true.
   */
  readonly wakeups?: { readonly runs?: WakeupSource; readonly outbox?: WakeupSource } | false;
  /**
   * Deletes finished runs after these ages with `run.purge` (stages, jobs, logs, events, AI call
   * records, idempotency keys and blobs included), every `intervalMs`. Off by default.
   */
  readonly retention?: RetentionOptions;
  /**
   * Cron schedules declared in code next to their workflows: upserted at `start()` with
   * `syncSchedules` (an unchanged cron keeps its next tick; a pause made at run time stays). A
   * definition the kernel refuses makes `start()` reject with its typed error. Schedules are fired
   * whether or not any are declared here: the host ticks every schedule in the database at its due
   * time.
   */
  readonly schedules?: readonly ScheduleDefinition[];
  /** Schedules handled per `schedule.tick`. Default 10. */
  readonly maxSchedulesPerTick?: number;
  /**
   * A pino-compatible logger. Default: warnings and errors on the console (`createConsoleLogger`
   * of `@stageflow/kernel`), info and debug dropped; pass `silentLogger` to drop everything.
   */
  readonly logger?: HostLogger;
  /**
   * At start, take `workerId` exclusively (`jobTransport.claimWorkerIdentity`) and return the jobs
   * a previous process with this id left RUNNING to the queue, so a restarted app resumes its own
   * interrupted work at once instead of after `staleLeaseThresholdMs`. Give each app process a
   * stable id (e.g. `"my-app"`) for this to apply. Leases are reclaimed only when no other live
   * process holds the id (Postgres advisory lock, SQLite lock file); a second live process with
   * the same id reclaims nothing and logs a warning. Default true.
   */
  readonly reclaimOwnLeases?: boolean;
  /** Time source for leases and heartbeats. Default: the system clock. */
  readonly clock?: Clock;
}
