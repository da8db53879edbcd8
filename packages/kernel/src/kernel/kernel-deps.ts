import type { AIBatchingPort } from "@stageflow/core";
import type { StageProgressEvent } from "../events/stageflow-event";
import type { BlobStore } from "../ports/blob-store";
import type { Clock } from "../ports/clock";
import type { EventSink } from "../ports/event-sink";
import type { JobTransport } from "../ports/job-transport";
import type { StageflowLogger } from "../ports/logger";
import type { Persistence } from "../ports/persistence";
import type { Scheduler } from "../ports/scheduler";
import type { Telemetry } from "../ports/telemetry";
import type { WorkflowRegistry } from "../ports/workflow-registry";
import type { RunningBodies } from "./running-bodies";

/** What every handler receives: the ports plus the resolved options of one kernel instance. */
export interface KernelDeps {
  readonly persistence: Persistence;
  readonly blobStore: BlobStore;
  readonly jobTransport: JobTransport;
  readonly eventSink: EventSink;
  readonly scheduler: Scheduler | undefined;
  readonly clock: Clock;
  readonly registry: WorkflowRegistry;
  /** An idempotency key left IN_PROGRESS this long is reclaimed. */
  readonly reclaimAfterMs: number;
  /** Failed publishes of an outbox event before it is dead-lettered. */
  readonly outboxMaxRetries: number;
  /** How long an `outbox.flush` claim lasts unless renewed. */
  readonly outboxClaimLeaseMs: number;
  /** Delay before the first retry of a failed publish; it doubles with each further failure. */
  readonly outboxRetryInitialMs: number;
  /** The longest delay between retries of a failed publish. */
  readonly outboxRetryMaxMs: number;
  /** How long `stage.pollSuspended` holds a claimed stage before another poller may check it. */
  readonly suspendedPollLeaseMs: number;
  /** The shortest time between two live progress writes of one attempt (`recordStageProgress`). */
  readonly progressWriteIntervalMs: number;
  /** Live observer of `stage:progress` events. */
  readonly onProgress: ((event: StageProgressEvent) => void) | undefined;
  /** Where failures nobody awaits (plugin publishes, dead letters) are reported. */
  readonly logger: StageflowLogger;
  /** Traces and metrics, when the kernel was given some. */
  readonly telemetry: Telemetry | undefined;
  /** Providers of cross-run AI batching (`aiBatch.flush`), when configured. */
  readonly aiBatching: AIBatchingPort | undefined;
  /** How long a collector holds a provider batch it is submitting. */
  readonly aiBatchSubmitLeaseMs: number;
  /** How long a collector holds a provider batch it is checking. */
  readonly aiBatchPollLeaseMs: number;
  /** Bodies running in this process, for cancellation. */
  readonly running: RunningBodies;
}
