import type {
  Kernel,
  Persistence,
  RunCreateCommand,
  RunRecord,
  StoredError,
} from "@stageflow/kernel";
import { RunWaitTimeoutError } from "./errors/run-wait-timeout-error";
import { sleep } from "./loop/sleep";

/** The final state of a run, as `runAndWait` resolves it. */
export interface RunOutcome {
  readonly workflowRunId: string;
  /** A final status. */
  readonly status: "COMPLETED" | "FAILED" | "CANCELLED";
  /** The run's output when COMPLETED (`undefined` otherwise). */
  readonly output: unknown;
  /** Why the run failed or was cancelled, when known. */
  readonly error: StoredError | null;
}

/** Options of {@link runAndWait}. */
export interface RunAndWaitOptions {
  /** The kernel the run is created through. */
  readonly kernel: Kernel;
  /** Where the run is read from while waiting (the kernel's persistence). */
  readonly persistence: Pick<Persistence, "getRun">;
  /** The `run.create` command. */
  readonly command: RunCreateCommand;
  /** A host in this process: woken right after the run is created, so it is claimed at once. */
  readonly host?: { wake(): void };
  /** Give up after this many milliseconds with a `RunWaitTimeoutError`. Default: wait until done. */
  readonly timeoutMs?: number;
  /** The longest pause between two reads of the run. Default 50. */
  readonly maxPollIntervalMs?: number;
}

const FINAL_STATUSES = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

/**
 * Creates a run and resolves with its final status, output and error — for scripts, CLIs and
 * tests. The run is read through `persistence.getRun` with a short, growing pause (2 ms doubling
 * up to `maxPollIntervalMs`), so it works whichever process executes the run; pass the `host` of
 * this process to have it claim the run without waiting for a wake-up or a tick. A FAILED or
 * CANCELLED run resolves (it does not reject); the command's own errors (unknown workflow, invalid
 * input) reject as the kernel raised them.
 *
 * @throws {@link RunWaitTimeoutError} when `timeoutMs` passes first (the run keeps going).
 *
 * @example
 * ```ts
 * const { status, output } = await runAndWait({
 *   kernel, persistence, host,
 *   command: { type: "run.create", workflowId: "word-count", input: { text: "a b c" } },
 *   timeoutMs: 60_000,
 * });
 * ```
 */
export async function runAndWait(options: RunAndWaitOptions): Promise<RunOutcome> {
  const { kernel, persistence, command, host } = options;
  const { workflowRunId } = await kernel.dispatch(command);
  host?.wake();
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  const maxPause = options.maxPollIntervalMs ?? 50;
  let pause = 2;
  let run: RunRecord | null = null;
  for (;;) {
    run = await persistence.getRun(workflowRunId);
    if (run && FINAL_STATUSES.has(run.status)) return toOutcome(run);
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new RunWaitTimeoutError(workflowRunId, options.timeoutMs ?? 0, run?.status ?? null);
    }
    await sleep(Math.min(pause, left));
    pause = Math.min(pause * 2, maxPause);
  }
}

function toOutcome(run: RunRecord): RunOutcome {
  return {
    workflowRunId: run.id,
    status: run.status as RunOutcome["status"],
    output: run.status === "COMPLETED" ? run.output : undefined,
    error: run.error,
  };
}
