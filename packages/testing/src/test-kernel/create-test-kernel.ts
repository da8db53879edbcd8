import type { AnyWorkflow } from "@stageflow/core";
import {
  type BlobStore,
  createKernel,
  createPluginRunner,
  createWorkflowRegistry,
  type JobTransport,
  type Kernel,
  type KernelConfig,
  type Persistence,
  type Plugin,
  type RunRecord,
  type Scheduler,
  type WorkflowRegistry,
} from "@stageflow/kernel";
import { CollectingEventSink } from "../collecting-event-sink";
import { FakeClock } from "../fake-clock";
import { InMemoryBlobStore } from "../in-memory/in-memory-blob-store";
import { InMemoryJobTransport } from "../in-memory/in-memory-job-transport";
import { InMemoryPersistence } from "../in-memory/in-memory-persistence";
import {
  KernelDriver,
  type RunToCompletionOptions,
  type RunUntilIdleOptions,
  type RunUntilIdleResult,
} from "./kernel-driver";

/** Options of {@link createTestKernel}. Everything but `workflows` has an in-memory default. */
export interface TestKernelOptions {
  /** The workflows the kernel's registry knows. */
  workflows: readonly AnyWorkflow[];
  /** The clock; default `new FakeClock()` (2025-01-01T00:00:00Z). */
  clock?: FakeClock;
  /** Receives every published event; default a new `CollectingEventSink`. */
  eventSink?: CollectingEventSink;
  /** Plugins run (through `createPluginRunner`) before each event reaches `eventSink`. */
  plugins?: readonly Plugin[];
  /** In-process retries of a failing plugin handler (`createPluginRunner`'s `maxRetries`). */
  pluginMaxRetries?: number;
  /** Default a new `InMemoryPersistence`. */
  persistence?: Persistence;
  /** Default an `InMemoryJobTransport` over `persistence` (required with another persistence). */
  jobTransport?: JobTransport;
  /** Default a new `InMemoryBlobStore`. */
  blobStore?: BlobStore;
  scheduler?: Scheduler;
  /** The worker id used to claim runs, lease jobs and flush the outbox. Default `"test-worker"`. */
  workerId?: string;
  /** Kernel tuning passed through to `createKernel`. */
  idempotency?: KernelConfig["idempotency"];
  outbox?: KernelConfig["outbox"];
  suspendedPollLeaseMs?: number;
  hooks?: KernelConfig["hooks"];
  /** Traces and metrics (e.g. `otelTelemetry()` of `@stageflow/otel`). */
  telemetry?: KernelConfig["telemetry"];
  /**
   * Cross-run AI batching (`createAIBatching` of `@stageflow/ai`); needs a `persistence` with an
   * `aiBatches` store (`createKyselyPersistence`). The driver runs `aiBatch.flush` on every pass.
   */
  aiBatching?: KernelConfig["aiBatching"];
}

/** What {@link createTestKernel} returns: the kernel, its ports, and the drivers. */
export interface TestKernel {
  kernel: Kernel;
  persistence: Persistence;
  jobTransport: JobTransport;
  blobStore: BlobStore;
  eventSink: CollectingEventSink;
  clock: FakeClock;
  registry: WorkflowRegistry;
  workerId: string;
  /**
   * Drives every run until nothing is left to do: passes of `run.claimPending`, `job.execute` of
   * each due job (one at a time), `stage.pollSuspended` and `outbox.flush`; when a pass changes
   * nothing, the clock jumps to the next due time (retry backoff, suspended poll).
   * @throws Error when `maxSteps` (default 1 000) is reached, naming the runs still RUNNING.
   */
  runUntilIdle(options?: RunUntilIdleOptions): Promise<RunUntilIdleResult>;
  /**
   * Drives like `runUntilIdle` until the run is COMPLETED, FAILED or CANCELLED, flushes its
   * events, and returns the final run record.
   * @throws Error when the run is stuck (nothing due) or `maxSteps` is reached.
   */
  runToCompletion(workflowRunId: string, options?: RunToCompletionOptions): Promise<RunRecord>;
}

/**
 * A kernel over in-memory ports and a `FakeClock`, with drivers that run workflows to completion
 * deterministically: no timers, no real waiting, one job at a time.
 *
 * @example
 * ```ts
 * const t = createTestKernel({ workflows: [summarize] });
 * const { workflowRunId } = await t.kernel.dispatch({ type: "run.create", workflowId: "summarize", input: { text } });
 * const run = await t.runToCompletion(workflowRunId);
 * expect(run.status).toBe("COMPLETED");
 * expect(t.eventSink.types()).toContain("workflow:completed");
 * ```
 */
export function createTestKernel(options: TestKernelOptions): TestKernel {
  const clock = options.clock ?? new FakeClock();
  const persistence = options.persistence ?? new InMemoryPersistence();
  const jobTransport = options.jobTransport ?? defaultTransport(persistence);
  const blobStore = options.blobStore ?? new InMemoryBlobStore();
  const eventSink = options.eventSink ?? new CollectingEventSink();
  const registry = createWorkflowRegistry(options.workflows);
  const workerId = options.workerId ?? "test-worker";
  const kernel = createKernel({
    persistence,
    blobStore,
    jobTransport,
    eventSink:
      options.plugins && options.plugins.length > 0
        ? createPluginRunner({
            plugins: options.plugins,
            eventSink,
            ...(options.pluginMaxRetries === undefined
              ? {}
              : { maxRetries: options.pluginMaxRetries }),
          })
        : eventSink,
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    clock,
    registry,
    ...(options.idempotency ? { idempotency: options.idempotency } : {}),
    ...(options.outbox ? { outbox: options.outbox } : {}),
    ...(options.suspendedPollLeaseMs === undefined
      ? {}
      : { suspendedPollLeaseMs: options.suspendedPollLeaseMs }),
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
    ...(options.aiBatching ? { aiBatching: options.aiBatching } : {}),
  });
  const driver = new KernelDriver(kernel, persistence, jobTransport, clock, workerId);
  return {
    kernel,
    persistence,
    jobTransport,
    blobStore,
    eventSink,
    clock,
    registry,
    workerId,
    runUntilIdle: (runOptions) => driver.runUntilIdle(runOptions),
    runToCompletion: (workflowRunId, runOptions) =>
      driver.runToCompletion(workflowRunId, runOptions),
  };
}

function defaultTransport(persistence: Persistence): JobTransport {
  if (persistence instanceof InMemoryPersistence) return new InMemoryJobTransport(persistence);
  throw new TypeError(
    "createTestKernel: pass a jobTransport along with a persistence that is not an InMemoryPersistence.",
  );
}
