import type {
  CommandResult,
  CommandResultMap,
  CommandType,
  KernelCommand,
} from "../commands/command-types";
import { UnknownCommandError } from "../errors/command-errors";
import type { StageProgressEvent } from "../events/stageflow-event";
import { handleJobExecute } from "../handlers/job-execute";
import { handleLeaseReapStale } from "../handlers/lease-reap-stale";
import { handleOutboxFlush } from "../handlers/outbox-flush";
import { handlePluginReplayDLQ } from "../handlers/plugin-replay-dlq";
import { handleRunCancel } from "../handlers/run-cancel";
import { handleRunClaimPending } from "../handlers/run-claim-pending";
import { handleRunCreate } from "../handlers/run-create";
import { handleRunReapStuck } from "../handlers/run-reap-stuck";
import { handleRunRerunFrom } from "../handlers/run-rerun-from";
import { handleRunTransition } from "../handlers/run-transition";
import { handleStagePollSuspended } from "../handlers/stage-poll-suspended";
import type { BlobStore } from "../ports/blob-store";
import type { Clock } from "../ports/clock";
import type { EventSink } from "../ports/event-sink";
import type { JobTransport } from "../ports/job-transport";
import type { Persistence } from "../ports/persistence";
import type { Scheduler } from "../ports/scheduler";
import type { Telemetry } from "../ports/telemetry";
import type { WorkflowRegistry } from "../ports/workflow-registry";
import type { KernelDeps } from "./kernel-deps";
import { RunningBodies } from "./running-bodies";

/** Configuration of {@link createKernel}: the ports, plus optional tuning. */
export interface KernelConfig {
  /** Runs, stages, jobs, logs, outbox, idempotency keys. */
  readonly persistence: Persistence;
  /** Stage outputs and `ctx.storage` artifacts. */
  readonly blobStore: BlobStore;
  /** The job queue workers dequeue from (used by `lease.reapStale`). */
  readonly jobTransport: JobTransport;
  /** Where `outbox.flush` publishes (e.g. `createPluginRunner(…)`). */
  readonly eventSink: EventSink;
  /** Optional deferred triggers for retries and suspended-stage polls. */
  readonly scheduler?: Scheduler;
  /** The only source of time. */
  readonly clock: Clock;
  /** Workflow definitions by id. */
  readonly registry: WorkflowRegistry;
  readonly idempotency?: {
    /** An idempotency key left in progress this long (ms) is reclaimed. Default 300 000. */
    readonly reclaimAfterMs?: number;
  };
  readonly outbox?: {
    /** Failed publishes before an event moves to the dead-letter queue. Default 3. */
    readonly maxRetries?: number;
    /** How long (ms) a flusher's claim on events lasts. Default 30 000. */
    readonly claimLeaseMs?: number;
  };
  /** How long (ms) `stage.pollSuspended` holds a claimed stage. Default 60 000. */
  readonly suspendedPollLeaseMs?: number;
  /**
   * Traces and metrics (e.g. `otelTelemetry()` of `@stageflow/otel`). Without it the kernel
   * calls no telemetry code at all.
   */
  readonly telemetry?: Telemetry;
  readonly hooks?: {
    /** Called live (in the process running the body) with every `stage:progress` event. */
    readonly onProgress?: (event: StageProgressEvent) => void;
  };
}

/** The command kernel: one entry point, typed per command. */
export interface Kernel {
  /**
   * Executes a command and resolves to its result (`run.create` → `RunCreateResult`, …).
   *
   * @throws `UnknownCommandError` for an unknown `type`; the command's own typed errors.
   */
  dispatch<C extends KernelCommand>(command: C): Promise<CommandResult<C>>;
}

type Handlers = {
  readonly [K in CommandType]: (
    deps: KernelDeps,
    command: Extract<KernelCommand, { type: K }>,
  ) => Promise<CommandResultMap[K]>;
};

const HANDLERS: Handlers = {
  "run.create": handleRunCreate,
  "run.claimPending": handleRunClaimPending,
  "run.transition": handleRunTransition,
  "run.cancel": handleRunCancel,
  "run.rerunFrom": handleRunRerunFrom,
  "run.reapStuck": handleRunReapStuck,
  "job.execute": handleJobExecute,
  "stage.pollSuspended": handleStagePollSuspended,
  "lease.reapStale": handleLeaseReapStale,
  "outbox.flush": handleOutboxFlush,
  "plugin.replayDLQ": handlePluginReplayDLQ,
};

function positive(value: number | undefined, fallback: number, name: string): number {
  const resolved = value ?? fallback;
  if (!Number.isFinite(resolved) || resolved < 0) {
    throw new RangeError(`createKernel: ${name} must be a finite number >= 0`);
  }
  return resolved;
}

/**
 * Creates a kernel over the given ports. Pure: no timers, no signal handlers, no global state;
 * the only per-instance state is the set of stage bodies running in this process (so `run.cancel`
 * can abort them).
 *
 * @example
 * ```ts
 * const kernel = createKernel({ persistence, blobStore, jobTransport, eventSink, clock, registry });
 * const { workflowRunId } = await kernel.dispatch({ type: "run.create", workflowId: "docs", input });
 * ```
 */
export function createKernel(config: KernelConfig): Kernel {
  const deps: KernelDeps = {
    persistence: config.persistence,
    blobStore: config.blobStore,
    jobTransport: config.jobTransport,
    eventSink: config.eventSink,
    scheduler: config.scheduler,
    clock: config.clock,
    registry: config.registry,
    reclaimAfterMs: positive(
      config.idempotency?.reclaimAfterMs,
      300_000,
      "idempotency.reclaimAfterMs",
    ),
    outboxMaxRetries: positive(config.outbox?.maxRetries, 3, "outbox.maxRetries"),
    outboxClaimLeaseMs: positive(config.outbox?.claimLeaseMs, 30_000, "outbox.claimLeaseMs"),
    suspendedPollLeaseMs: positive(config.suspendedPollLeaseMs, 60_000, "suspendedPollLeaseMs"),
    onProgress: config.hooks?.onProgress,
    telemetry: config.telemetry,
    running: new RunningBodies(),
  };
  return {
    dispatch<C extends KernelCommand>(command: C): Promise<CommandResult<C>> {
      const type: unknown = (command as { type?: unknown } | null)?.type;
      if (typeof type !== "string" || !Object.hasOwn(HANDLERS, type)) {
        return Promise.reject(new UnknownCommandError(String(type)));
      }
      const handler = HANDLERS[type as CommandType] as (
        deps: KernelDeps,
        command: KernelCommand,
      ) => Promise<CommandResult<C>>;
      try {
        return handler(deps, command);
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}
