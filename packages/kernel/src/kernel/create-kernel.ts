import { type AIBatchingPort, registerSecretValue } from "@stageflow/core";
import type {
  CommandResult,
  CommandResultMap,
  CommandType,
  KernelCommand,
} from "../commands/command-types";
import { validateCommand } from "../commands/validate-command";
import type { StageProgressEvent } from "../events/stageflow-event";
import { handleAIBatchFlush } from "../handlers/ai-batch-flush";
import { handleJobExecute } from "../handlers/job-execute";
import { handleLeaseReapStale } from "../handlers/lease-reap-stale";
import { handleOutboxFlush } from "../handlers/outbox-flush";
import { handlePluginReplayDLQ } from "../handlers/plugin-replay-dlq";
import { handleRunCancel } from "../handlers/run-cancel";
import { handleRunClaimPending } from "../handlers/run-claim-pending";
import { handleRunCreate } from "../handlers/run-create";
import { handleRunPurge } from "../handlers/run-purge";
import { handleRunReapStuck } from "../handlers/run-reap-stuck";
import { handleRunRerunFrom } from "../handlers/run-rerun-from";
import { handleRunTransition } from "../handlers/run-transition";
import { handleScheduleBackfill } from "../handlers/schedule-backfill";
import { handleScheduleDelete } from "../handlers/schedule-delete";
import { handleSchedulePause } from "../handlers/schedule-pause";
import { handleScheduleTick } from "../handlers/schedule-tick";
import { handleScheduleTrigger } from "../handlers/schedule-trigger";
import { handleScheduleUnpause } from "../handlers/schedule-unpause";
import { handleScheduleUpsert } from "../handlers/schedule-upsert";
import { handleStagePollSuspended } from "../handlers/stage-poll-suspended";
import type { BlobStore } from "../ports/blob-store";
import type { Clock } from "../ports/clock";
import type { EventSink } from "../ports/event-sink";
import type { JobTransport } from "../ports/job-transport";
import { createConsoleLogger, type StageflowLogger } from "../ports/logger";
import type { Persistence } from "../ports/persistence";
import type { Scheduler } from "../ports/scheduler";
import type { Telemetry } from "../ports/telemetry";
import type { WorkflowRegistry } from "../ports/workflow-registry";
import { createRunQueries } from "../query/create-run-queries";
import type { RunQueryApi } from "../query/run-query-types";
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
    /**
     * How long (ms) a flusher's claim on events lasts unless renewed. A flush renews its claim
     * while it publishes, so this only bounds how long the events of a flusher that died wait
     * before another flusher takes them. Default 10 000.
     */
    readonly claimLeaseMs?: number;
    /**
     * Backoff of failed publishes: the first retry is due `initialMs` after the failure (default
     * 1 000), each further one twice as long after the previous, at most `maxMs` (default 60 000).
     */
    readonly retryBackoff?: { readonly initialMs?: number; readonly maxMs?: number };
  };
  /**
   * Exact values of credentials this process was configured with (API keys, database passwords)
   * that must never be stored: they are redacted from every error, log line, progress message and
   * event the kernel writes, and refused in suspended state. Added to the process-wide list of
   * `registerSecretValue` in `@stageflow/core` (the AI providers register their keys there
   * themselves). Provider key formats, bearer tokens, URL passwords and secret-named fields are
   * redacted without being listed here.
   */
  readonly secrets?: readonly string[];
  /** How long (ms) `stage.pollSuspended` holds a claimed stage. Default 60 000. */
  readonly suspendedPollLeaseMs?: number;
  /**
   * The shortest time (ms, on `clock`) between two writes of a running attempt's progress to its
   * stage record, so other processes (the dashboard, `getRunDetail`) see it while the body runs.
   * The first report is written at once; a report within the interval after a write is not
   * written (the next report after it is), and the last one is committed with the outcome.
   * Only with a persistence that has `recordStageProgress`. Default 1 000.
   */
  readonly progressWriteIntervalMs?: number;
  /**
   * Where the kernel reports failures no caller sees — a plugin failing to publish an event, an
   * event moving to the dead-letter queue. A pino-compatible logger. Default: warnings and errors
   * on the console (`createConsoleLogger()`); pass `silentLogger` to drop them.
   */
  readonly logger?: StageflowLogger;
  /**
   * Traces and metrics (e.g. `otelTelemetry()` of `@stageflow/otel`). Without it the kernel
   * calls no telemetry code at all.
   */
  readonly telemetry?: Telemetry;
  /**
   * Cross-run AI batching: the providers behind `defineBatchedStage` requests and the
   * `aiBatch.flush` collector (`createAIBatching({ providers })` of `@stageflow/ai`).
   */
  readonly aiBatching?: AIBatchingPort;
  readonly aiBatch?: {
    /**
     * How long (ms) a collector holds a batch it is submitting; past it, the batch counts as
     * abandoned and its requests are pending again. Longer than any submission. Default 300 000.
     */
    readonly submitLeaseMs?: number;
    /** How long (ms) a collector holds a batch it is checking. Default 60 000. */
    readonly pollLeaseMs?: number;
  };
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
   * Every command is first checked against the schema of its type: a malformed one rejects with
   * `InvalidCommandError` naming the field, before anything is read or written.
   *
   * @throws `UnknownCommandError` for an unknown `type`; `InvalidCommandError` for a malformed
   *   command; the command's own typed errors.
   */
  dispatch<C extends KernelCommand>(command: C): Promise<CommandResult<C>>;
  /**
   * Validated read-side queries over the kernel's persistence: `listRuns`, `countRuns`,
   * `getRunDetail`, `listDeadLetters` (see `RunQueryApi`).
   */
  readonly query: RunQueryApi;
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
  "run.purge": handleRunPurge,
  "job.execute": handleJobExecute,
  "stage.pollSuspended": handleStagePollSuspended,
  "lease.reapStale": handleLeaseReapStale,
  "outbox.flush": handleOutboxFlush,
  "plugin.replayDLQ": handlePluginReplayDLQ,
  "schedule.upsert": handleScheduleUpsert,
  "schedule.delete": handleScheduleDelete,
  "schedule.pause": handleSchedulePause,
  "schedule.unpause": handleScheduleUnpause,
  "schedule.trigger": handleScheduleTrigger,
  "schedule.backfill": handleScheduleBackfill,
  "schedule.tick": handleScheduleTick,
  "aiBatch.flush": handleAIBatchFlush,
};

function positive(value: number | undefined, fallback: number, name: string): number {
  const resolved = value ?? fallback;
  if (!Number.isFinite(resolved) || resolved < 0) {
    throw new RangeError(`createKernel: ${name} must be a finite number >= 0`);
  }
  return resolved;
}

function leaseMs(value: number | undefined, fallback: number, name: string): number {
  const resolved = positive(value, fallback, name);
  if (resolved < 1) throw new RangeError(`createKernel: ${name} must be at least 1`);
  return resolved;
}

/**
 * Creates a kernel over the given ports. Pure: no timers, no signal handlers, no global state of
 * its own (the values of `secrets` join core's process-wide list of secret values); the only
 * per-instance state is the set of stage bodies running in this process (so `run.cancel` can
 * abort them).
 *
 * @example
 * ```ts
 * const kernel = createKernel({ persistence, blobStore, jobTransport, eventSink, clock, registry });
 * const { workflowRunId } = await kernel.dispatch({ type: "run.create", workflowId: "docs", input });
 * ```
 */
export function createKernel(config: KernelConfig): Kernel {
  for (const secret of config.secrets ?? []) registerSecretValue(secret);
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
    outboxClaimLeaseMs: leaseMs(config.outbox?.claimLeaseMs, 10_000, "outbox.claimLeaseMs"),
    outboxRetryInitialMs: positive(
      config.outbox?.retryBackoff?.initialMs,
      1_000,
      "outbox.retryBackoff.initialMs",
    ),
    outboxRetryMaxMs: positive(
      config.outbox?.retryBackoff?.maxMs,
      60_000,
      "outbox.retryBackoff.maxMs",
    ),
    suspendedPollLeaseMs: positive(config.suspendedPollLeaseMs, 60_000, "suspendedPollLeaseMs"),
    progressWriteIntervalMs: positive(
      config.progressWriteIntervalMs,
      1_000,
      "progressWriteIntervalMs",
    ),
    onProgress: config.hooks?.onProgress,
    logger: config.logger ?? createConsoleLogger(),
    telemetry: config.telemetry,
    aiBatching: config.aiBatching,
    aiBatchSubmitLeaseMs: leaseMs(config.aiBatch?.submitLeaseMs, 300_000, "aiBatch.submitLeaseMs"),
    aiBatchPollLeaseMs: leaseMs(config.aiBatch?.pollLeaseMs, 60_000, "aiBatch.pollLeaseMs"),
    running: new RunningBodies(),
  };
  return {
    query: createRunQueries(config.persistence),
    dispatch<C extends KernelCommand>(command: C): Promise<CommandResult<C>> {
      try {
        const valid = validateCommand(command);
        const handler = HANDLERS[valid.type] as (
          deps: KernelDeps,
          command: KernelCommand,
        ) => Promise<CommandResult<C>>;
        return handler(deps, valid);
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}
