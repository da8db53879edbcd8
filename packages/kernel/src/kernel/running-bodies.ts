import { RunCancelledError } from "../errors/stage-errors";

/** A body registered with {@link RunningBodies}. */
export interface RunningBody {
  /** The signal handed to the body as `ctx.signal`. */
  readonly signal: AbortSignal;
  /** Unregisters the body; call when it settles. */
  done(): void;
}

/**
 * The abort controllers of the stage bodies (and completion checks) running in this process,
 * per run, so `run.cancel` (or a failure of the run) on the same kernel aborts them. Per kernel
 * instance; nothing global.
 */
export class RunningBodies {
  readonly #byRun = new Map<string, Set<AbortController>>();

  /**
   * Registers a body of `workflowRunId`. Its signal aborts when the run is aborted here or when
   * `external` (the command's own signal: shutdown, lost lease) aborts.
   */
  start(workflowRunId: string, external?: AbortSignal): RunningBody {
    const controller = new AbortController();
    const forward = (): void => controller.abort(external?.reason);
    if (external?.aborted) forward();
    else external?.addEventListener("abort", forward, { once: true });
    let set = this.#byRun.get(workflowRunId);
    if (set === undefined) {
      set = new Set();
      this.#byRun.set(workflowRunId, set);
    }
    set.add(controller);
    return {
      signal: controller.signal,
      done: () => {
        external?.removeEventListener("abort", forward);
        const current = this.#byRun.get(workflowRunId);
        current?.delete(controller);
        if (current?.size === 0) this.#byRun.delete(workflowRunId);
      },
    };
  }

  /** Aborts every registered body of `workflowRunId`; returns how many were aborted. */
  abortRun(workflowRunId: string, why?: string): number {
    const set = this.#byRun.get(workflowRunId);
    if (set === undefined) return 0;
    const reason = new RunCancelledError(workflowRunId, why);
    for (const controller of set) controller.abort(reason);
    return set.size;
  }

  /** How many bodies of `workflowRunId` are registered (for tests and stats). */
  count(workflowRunId: string): number {
    return this.#byRun.get(workflowRunId)?.size ?? 0;
  }
}
