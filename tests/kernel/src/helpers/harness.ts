import type { AnyWorkflow } from "@stageflow/core";
import {
  createKernel,
  createWorkflowRegistry,
  type JobExecuteResult,
  type JobRecord,
  type Kernel,
  type KernelConfig,
  type OutboxFlushResult,
  type Persistence,
  type RunClaimPendingResult,
  type RunRecord,
  type StageflowEvent,
} from "@stageflow/kernel";
import {
  CollectingEventSink,
  FakeClock,
  InMemoryBlobStore,
  InMemoryJobTransport,
  InMemoryPersistence,
} from "@stageflow/testing";

/** Everything a kernel test needs: in-memory ports, a fake clock and a kernel over them. */
export interface Harness {
  readonly kernel: Kernel;
  readonly persistence: InMemoryPersistence;
  readonly jobTransport: InMemoryJobTransport;
  readonly blobStore: InMemoryBlobStore;
  readonly eventSink: CollectingEventSink;
  readonly clock: FakeClock;
  /** Creates a run and returns its id. */
  create(
    workflowId: string,
    input: unknown,
    extra?: { config?: Record<string, unknown> },
  ): Promise<string>;
  /** Claims pending runs as `worker`. */
  claim(worker?: string): Promise<RunClaimPendingResult>;
  /** Dequeues one due job as `workerId` (or undefined). */
  dequeue(workerId?: string): Promise<JobRecord | undefined>;
  /** Dispatches `job.execute` for a dequeued job. */
  execute(
    job: JobRecord,
    extra?: { signal?: AbortSignal; idempotencyKey?: string },
  ): Promise<JobExecuteResult>;
  /** Enqueues job 1 of `stageId` again, as an at-least-once queue would redeliver it. */
  redeliver(workflowRunId: string, workflowId: string, stageId: string): Promise<JobRecord>;
  /** Dequeues and executes due jobs until none is due; returns their results. */
  runDueJobs(workerId?: string): Promise<JobExecuteResult[]>;
  /**
   * Drives runs: claim, execute due jobs, poll suspended stages, advancing the clock to the next
   * due job / poll when nothing is due, until `workflowRunId` is terminal (or `maxSteps`).
   */
  drive(workflowRunId: string, options?: { maxSteps?: number }): Promise<RunRecord>;
  /**
   * Flushes the outbox, then moves the clock to the flush's `nextFlushAt` (a failed delivery's
   * retry due time), so the next flush may retry; returns the flush's result.
   */
  flushThenWait(): Promise<OutboxFlushResult>;
  /** Flushes the outbox and returns the events published for `workflowRunId`. */
  events(workflowRunId: string): Promise<StageflowEvent[]>;
  run(workflowRunId: string): Promise<RunRecord>;
  /** Another kernel over the same ports whose registry holds only `workflows`. */
  kernelKnowing(workflows: readonly AnyWorkflow[]): Kernel;
}

const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

/** Builds a harness over fresh in-memory adapters. */
export function createHarness(
  workflows: readonly AnyWorkflow[],
  options: Partial<KernelConfig> & {
    /** Wraps the in-memory persistence the kernel (only) sees, e.g. to inject races. */
    readonly wrapPersistence?: (persistence: InMemoryPersistence) => Persistence;
  } = {},
): Harness {
  const clock = new FakeClock();
  const persistence = new InMemoryPersistence();
  const jobTransport = new InMemoryJobTransport(persistence);
  const blobStore = new InMemoryBlobStore();
  const eventSink = new CollectingEventSink();
  const { wrapPersistence, ...config } = options;
  const kernelKnowing = (known: readonly AnyWorkflow[]): Kernel =>
    createKernel({
      persistence: wrapPersistence?.(persistence) ?? persistence,
      jobTransport,
      blobStore,
      eventSink,
      clock,
      registry: createWorkflowRegistry(known),
      ...config,
    });
  const kernel = kernelKnowing(workflows);

  const harness: Harness = {
    kernel,
    kernelKnowing,
    persistence,
    jobTransport,
    blobStore,
    eventSink,
    clock,
    async create(workflowId, input, extra = {}) {
      const { workflowRunId } = await kernel.dispatch({
        type: "run.create",
        workflowId,
        input,
        ...extra,
      });
      return workflowRunId;
    },
    claim: (worker = "worker-1") => kernel.dispatch({ type: "run.claimPending", workerId: worker }),
    async dequeue(workerId = "worker-1") {
      const [job] = await jobTransport.dequeue({ workerId, limit: 1, now: clock.now() });
      return job;
    },
    execute(job, extra = {}) {
      return kernel.dispatch({
        type: "job.execute",
        jobId: job.id,
        workflowRunId: job.workflowRunId,
        workflowId: job.workflowId,
        stageId: job.stageId,
        workerId: job.lockedBy ?? "worker-1",
        ...extra,
      });
    },
    async redeliver(workflowRunId, workflowId, stageId) {
      const [job] = await jobTransport.enqueue([
        {
          workflowRunId,
          workflowId,
          stageId,
          priority: 100,
          attempt: 1,
          maxAttempts: 3,
          now: clock.now(),
        },
      ]);
      if (job === undefined) throw new Error("enqueue returned no job");
      return job;
    },
    async runDueJobs(workerId = "worker-1") {
      const results: JobExecuteResult[] = [];
      for (;;) {
        const job = await harness.dequeue(workerId);
        if (job === undefined) return results;
        results.push(await harness.execute(job));
      }
    },
    async drive(workflowRunId, { maxSteps = 50 } = {}) {
      for (let step = 0; step < maxSteps; step++) {
        const run = await harness.run(workflowRunId);
        if (TERMINAL.has(run.status)) return run;
        await harness.claim();
        const executed = await harness.runDueJobs();
        const polled = await kernel.dispatch({ type: "stage.pollSuspended", maxChecks: 100 });
        if (executed.length === 0 && polled.checked === 0) {
          await advanceToNextDue(harness, workflowRunId);
        }
      }
      return harness.run(workflowRunId);
    },
    async flushThenWait() {
      const result = await kernel.dispatch({ type: "outbox.flush" });
      if (result.nextFlushAt) clock.set(result.nextFlushAt);
      return result;
    },
    async events(workflowRunId) {
      await kernel.dispatch({ type: "outbox.flush", maxEvents: 10_000 });
      return eventSink.forRun(workflowRunId);
    },
    async run(workflowRunId) {
      const run = await persistence.getRun(workflowRunId);
      if (run === null) throw new Error(`no run ${workflowRunId}`);
      return run;
    },
  };
  return harness;
}

/** Moves the clock to the earliest future due time of the run's pending jobs and suspended stages. */
async function advanceToNextDue(harness: Harness, workflowRunId: string): Promise<void> {
  const jobs = await harness.persistence.getJobsByRun(workflowRunId);
  const stages = await harness.persistence.getStagesByRun(workflowRunId);
  const now = harness.clock.now().getTime();
  const times = [
    ...jobs.filter((job) => job.status === "PENDING").map((job) => job.availableAt.getTime()),
    ...stages
      .filter((stage) => stage.status === "SUSPENDED" && stage.nextPollAt !== null)
      .map((stage) => stage.nextPollAt?.getTime() ?? now),
  ].filter((time) => time > now);
  if (times.length > 0) harness.clock.set(Math.min(...times));
}
