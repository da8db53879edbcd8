import type { JobTransport, Kernel, Persistence, RunRecord, RunStatus } from "@stageflow/kernel";
import type { FakeClock } from "../fake-clock";
import { describeStages, nextDueTime } from "./next-due-time";

/** Options of `runUntilIdle`. */
export interface RunUntilIdleOptions {
  /**
   * The most passes (claim, execute every due job, poll suspended stages, flush) and clock jumps
   * before giving up with an error. Default 1 000.
   */
  maxSteps?: number;
  /**
   * When nothing is due, move the `FakeClock` to the earliest due time (a retry's `availableAt`,
   * a suspended stage's `nextPollAt`) and continue. Default true.
   */
  advanceClock?: boolean;
}

/** Options of `runToCompletion`. */
export type RunToCompletionOptions = RunUntilIdleOptions;

/** What one `runUntilIdle` call did. */
export interface RunUntilIdleResult {
  /** Passes plus clock jumps made. */
  steps: number;
  /** `job.execute` commands dispatched. */
  jobsExecuted: number;
  /** Events `outbox.flush` published. */
  eventsPublished: number;
  /** How far the clock was moved, in ms. */
  clockAdvancedMs: number;
}

/** The earlier of two due times (either may be null). */
function earliest(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.getTime() <= b.getTime() ? a : b;
}

const TERMINAL: ReadonlySet<RunStatus> = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

/** Drives a kernel the way a host would, but one command at a time, on a fake clock. */
export class KernelDriver {
  /** When the cross-run AI batch collector asked to run again (its last `nextDueAt`). */
  #aiBatchDueAt: Date | null = null;

  constructor(
    private readonly kernel: Kernel,
    private readonly persistence: Persistence,
    private readonly jobTransport: JobTransport,
    private readonly clock: FakeClock,
    private readonly workerId: string,
  ) {}

  /**
   * Repeats passes until a pass changes nothing; then, with `advanceClock`, jumps to the next
   * due time and goes on, until nothing is scheduled at all. `stop` ends the loop early.
   */
  async runUntilIdle(
    options: RunUntilIdleOptions = {},
    stop?: () => Promise<boolean>,
  ): Promise<RunUntilIdleResult> {
    const maxSteps = options.maxSteps ?? 1_000;
    const result: RunUntilIdleResult = {
      steps: 0,
      jobsExecuted: 0,
      eventsPublished: 0,
      clockAdvancedMs: 0,
    };
    for (;;) {
      if (stop && (await stop())) return result;
      if (result.steps >= maxSteps) throw new Error(await this.#limitMessage(maxSteps, result));
      result.steps += 1;
      if (await this.#pass(result)) continue;
      if (options.advanceClock === false) return result;
      const due = earliest(
        await nextDueTime(this.persistence, this.clock.now()),
        this.#aiBatchDueAt !== null && this.#aiBatchDueAt > this.clock.now()
          ? this.#aiBatchDueAt
          : null,
      );
      if (due === null) return result;
      result.clockAdvancedMs += due.getTime() - this.clock.now().getTime();
      this.clock.set(due);
    }
  }

  /** Drives until the run is COMPLETED, FAILED or CANCELLED, then flushes its events. */
  async runToCompletion(
    workflowRunId: string,
    options: RunToCompletionOptions = {},
  ): Promise<RunRecord> {
    const terminal = async () => TERMINAL.has((await this.#getRun(workflowRunId)).status);
    await this.runUntilIdle(options, terminal);
    const run = await this.#getRun(workflowRunId);
    if (!TERMINAL.has(run.status)) {
      throw new Error(
        `runToCompletion: run "${workflowRunId}" is ${run.status} but nothing is due any more ` +
          `(${await describeStages(this.persistence, workflowRunId)}). ` +
          (options.advanceClock === false
            ? "The clock was not advanced (advanceClock: false)."
            : "It is stuck."),
      );
    }
    while (
      (await this.kernel.dispatch({ type: "outbox.flush", workerId: this.workerId })).published > 0
    ) {
      // Publish every event of the finished run (and anything else pending).
    }
    return this.#getRun(workflowRunId);
  }

  /**
   * One pass: claim, execute every due job one at a time, run the AI batch collector, poll
   * suspended stages, flush.
   */
  async #pass(result: RunUntilIdleResult): Promise<boolean> {
    let progressed = false;
    const claimed = await this.kernel.dispatch({
      type: "run.claimPending",
      workerId: this.workerId,
      maxClaims: 100,
    });
    if (claimed.claimed.length > 0) progressed = true;
    for (;;) {
      const [job] = await this.jobTransport.dequeue({
        workerId: this.workerId,
        limit: 1,
        now: this.clock.now(),
      });
      if (!job) break;
      await this.kernel.dispatch({
        type: "job.execute",
        jobId: job.id,
        workflowRunId: job.workflowRunId,
        workflowId: job.workflowId,
        stageId: job.stageId,
        workerId: this.workerId,
      });
      result.jobsExecuted += 1;
      progressed = true;
    }
    const batches = await this.kernel.dispatch({ type: "aiBatch.flush", workerId: this.workerId });
    this.#aiBatchDueAt = batches.nextDueAt;
    if (batches.submitted + batches.ended + batches.cancelled + batches.abandoned > 0) {
      progressed = true;
    }
    const polled = await this.kernel.dispatch({ type: "stage.pollSuspended", maxChecks: 100 });
    if (polled.checked > 0) progressed = true;
    const flushed = await this.kernel.dispatch({ type: "outbox.flush", workerId: this.workerId });
    result.eventsPublished += flushed.published;
    return progressed || flushed.published > 0;
  }

  async #getRun(workflowRunId: string): Promise<RunRecord> {
    const run = await this.persistence.getRun(workflowRunId);
    if (!run) throw new Error(`runToCompletion: no workflow run "${workflowRunId}" exists.`);
    return run;
  }

  async #limitMessage(maxSteps: number, result: RunUntilIdleResult): Promise<string> {
    const running = await this.persistence.listRuns({ status: "RUNNING", limit: 5 });
    const states = await Promise.all(
      running.map(async (run) => `${run.id} [${await describeStages(this.persistence, run.id)}]`),
    );
    return (
      `The test kernel hit its step limit (${maxSteps} steps: ${result.jobsExecuted} jobs executed, ` +
      `clock advanced ${result.clockAdvancedMs} ms) before going idle. RUNNING runs: ` +
      `${states.length > 0 ? states.join("; ") : "none"}. A stage may retry or poll forever; ` +
      "raise maxSteps if the workflow really needs more."
    );
  }
}
