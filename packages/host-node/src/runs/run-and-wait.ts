import type {
  Kernel,
  Persistence,
  RunCreateCommand,
  RunRecord,
  StoredError,
} from "@stageflow/kernel";
import { RunWaitTimeoutError } from "../errors/run-wait-timeout-error";
import { sleep } from "../loop/sleep";
import type { RunInputOf, RunnableWorkflow, RunOutputOf } from "./runnable-workflow";

/** The final state of a run, as `runAndWait` resolves it. */
export interface RunOutcome<TOutput = unknown> {
  readonly workflowRunId: string;
  /** A final status. */
  readonly status: "COMPLETED" | "FAILED" | "CANCELLED";
  /** The run's output when COMPLETED (`undefined` otherwise). */
  readonly output: TOutput | undefined;
  /** Why the run failed or was cancelled, when known. */
  readonly error: StoredError | null;
}

/** What every form of {@link runAndWait} takes besides the run to create. */
export interface RunAndWaitBaseOptions {
  /** The kernel the run is created through. */
  readonly kernel: Kernel;
  /** Where the run is read from while waiting (the kernel's persistence). */
  readonly persistence: Pick<Persistence, "getRun">;
  /** A host in this process: woken right after the run is created, so it is claimed at once. */
  readonly host?: { wake(): void };
  /** Give up after this many milliseconds with a `RunWaitTimeoutError`. Default: wait until done. */
  readonly timeoutMs?: number;
  /** The longest pause between two reads of the run. Default 50. */
  readonly maxPollIntervalMs?: number;
}

/** {@link runAndWait} with a raw `run.create` command (the input is not type-checked). */
export interface RunAndWaitCommandOptions extends RunAndWaitBaseOptions {
  /** The `run.create` command. */
  readonly command: RunCreateCommand;
  readonly workflow?: undefined;
}

/** {@link runAndWait} with a workflow: `input` is typed by the workflow's input schema. */
export interface RunAndWaitWorkflowOptions<W extends RunnableWorkflow>
  extends RunAndWaitBaseOptions {
  /** The workflow to run (registered with the kernel). */
  readonly workflow: W;
  /** The run input, typed by `workflow`'s input schema. */
  readonly input: RunInputOf<W>;
  /** A replay with the same key returns the first run instead of creating another. */
  readonly idempotencyKey?: string;
  /** Per-stage config overrides, keyed by stage id. */
  readonly config?: Record<string, unknown>;
  /** Higher is claimed first. Default 5. */
  readonly priority?: number;
  /** Your own data, stored with the run. */
  readonly metadata?: Record<string, unknown>;
  readonly command?: undefined;
}

/** Options of {@link runAndWait}: a `command`, or a `workflow` and its typed `input`. */
export type RunAndWaitOptions<W extends RunnableWorkflow = RunnableWorkflow> =
  | RunAndWaitCommandOptions
  | RunAndWaitWorkflowOptions<W>;

const FINAL_STATUSES = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

/**
 * Creates a run and resolves with its final status, output and error — for scripts, CLIs and
 * tests. Give it a `workflow` and its `input` (typed by the workflow's input schema, so a wrong
 * shape is a compile error, and the outcome's `output` is typed too), or a raw `run.create`
 * `command`. The run is read through `persistence.getRun` with a short, growing pause (2 ms
 * doubling up to `maxPollIntervalMs`), so it works whichever process executes the run; pass the
 * `host` of this process to have it claim the run without waiting for a wake-up or a tick. A
 * FAILED or CANCELLED run resolves (it does not reject); the command's own errors (unknown
 * workflow, invalid input) reject as the kernel raised them.
 *
 * @throws {@link RunWaitTimeoutError} when `timeoutMs` passes first (the run keeps going).
 *
 * @example
 * ```ts
 * const { status, output } = await runAndWait({
 *   kernel, persistence, host,
 *   workflow: wordCount, input: { text: "a b c" },
 *   timeoutMs: 60_000,
 * });
 * ```
 */
export function runAndWait<W extends RunnableWorkflow>(
  options: RunAndWaitWorkflowOptions<W>,
): Promise<RunOutcome<RunOutputOf<W>>>;
export function runAndWait(options: RunAndWaitCommandOptions): Promise<RunOutcome>;
export async function runAndWait(
  options: RunAndWaitCommandOptions | RunAndWaitWorkflowOptions<RunnableWorkflow>,
): Promise<RunOutcome> {
  const { kernel, persistence, host } = options;
  const { workflowRunId } = await kernel.dispatch(toCommand(options));
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

function toCommand(
  options: RunAndWaitCommandOptions | RunAndWaitWorkflowOptions<RunnableWorkflow>,
): RunCreateCommand {
  if (options.command !== undefined) return options.command;
  const { workflow, input, idempotencyKey, config, priority, metadata } = options;
  return {
    type: "run.create",
    workflowId: workflow.id,
    input,
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
    ...(config !== undefined ? { config } : {}),
    ...(priority !== undefined ? { priority } : {}),
    ...(metadata !== undefined ? { metadata } : {}),
  };
}

function toOutcome(run: RunRecord): RunOutcome {
  return {
    workflowRunId: run.id,
    status: run.status as RunOutcome["status"],
    output: run.status === "COMPLETED" ? run.output : undefined,
    error: run.error,
  };
}
