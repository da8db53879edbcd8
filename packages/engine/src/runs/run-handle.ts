import { RunWaitTimeoutError } from "@stageflow/host-node";
import {
  type Kernel,
  type Persistence,
  RunNotFoundError,
  type RunRecord,
  type RunStatus,
} from "@stageflow/kernel";
import { RunCancelledError } from "../errors/run-cancelled-error";
import { RunFailedError } from "../errors/run-failed-error";
import type { RunWaiter } from "./run-waiter";

/** Options of {@link RunHandle.result}. */
export interface RunResultOptions {
  /**
   * Reject with `RunWaitTimeoutError` after this many milliseconds (the run keeps going).
   * Default: wait until the run ends.
   */
  readonly timeoutMs?: number;
}

/** A run of a workflow, created by `sf.run` or found by `sf.runs.get`. */
export interface RunHandle<TOutput = unknown> {
  /** The run's id (`workflowRunId`). */
  readonly id: string;
  /**
   * Resolves with the run's output once it COMPLETED (typed by the workflow's output schema).
   *
   * @throws `RunFailedError` when it FAILED (with the stored error), `RunCancelledError` when it
   *   was cancelled, `RunWaitTimeoutError` after `timeoutMs`, `StageflowClosedError` when the
   *   instance is closed meanwhile.
   */
  result(options?: RunResultOptions): Promise<TOutput>;
  /** The run's current status, read from the database. */
  status(): Promise<RunStatus>;
  /** The run's current record (status, output, error, cost, tokens, timestamps). */
  get(): Promise<RunRecord>;
  /**
   * Cancels the run (its stages, jobs, and running bodies through `ctx.signal`). Resolves `false`
   * when it had already ended.
   */
  cancel(reason?: string): Promise<boolean>;
}

/** What a {@link RunHandle} works through. */
export interface RunHandleDeps {
  readonly kernel: Kernel;
  readonly persistence: Pick<Persistence, "getRun" | "getOutboxEvents">;
  readonly waiter: RunWaiter;
}

/** Builds the handle of an existing run. */
export function createRunHandle<TOutput>(deps: RunHandleDeps, id: string): RunHandle<TOutput> {
  async function read(): Promise<RunRecord> {
    const run = await deps.persistence.getRun(id);
    if (run === null) throw new RunNotFoundError(id);
    return run;
  }

  /** The reason of the run's `workflow:cancelled` event (written with the cancel). */
  async function cancelReason(run: RunRecord): Promise<string | null> {
    const events = await deps.persistence.getOutboxEvents(run.id);
    const cancelled = events.findLast((event) => event.type === "workflow:cancelled");
    const reason = cancelled?.payload.reason;
    return typeof reason === "string" ? reason : (run.error?.message ?? null);
  }

  async function settle(run: RunRecord): Promise<TOutput> {
    if (run.status === "COMPLETED") return run.output as TOutput;
    if (run.status === "FAILED") throw new RunFailedError(run);
    throw new RunCancelledError(run, await cancelReason(run));
  }

  return {
    id,
    async result(options = {}) {
      const done = deps.waiter.wait(id);
      if (options.timeoutMs === undefined) return settle(await done);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          void deps.persistence.getRun(id).then(
            (run) =>
              reject(new RunWaitTimeoutError(id, options.timeoutMs ?? 0, run?.status ?? null)),
            () => reject(new RunWaitTimeoutError(id, options.timeoutMs ?? 0, null)),
          );
        }, options.timeoutMs);
      });
      try {
        return settle(await Promise.race([done, timeout]));
      } finally {
        clearTimeout(timer);
      }
    },
    async status() {
      return (await read()).status;
    },
    get: read,
    async cancel(reason) {
      const { cancelled } = await deps.kernel.dispatch({
        type: "run.cancel",
        workflowRunId: id,
        ...(reason !== undefined ? { reason } : {}),
      });
      return cancelled;
    },
  };
}
