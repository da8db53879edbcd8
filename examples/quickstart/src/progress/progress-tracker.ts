import type { StageflowEvent } from "@stageflow/kernel";

/** Where one stage of one run is. */
export type StageState = "waiting" | "running" | "suspended" | "completed" | "failed";

interface StageView {
  state: StageState;
  /** A fraction 0..1. */
  progress: number;
  message: string;
}

interface RunView {
  readonly documentId: string;
  status: "running" | "completed" | "failed" | "cancelled";
  readonly stages: Map<string, StageView>;
}

/** One line of the progress display: a stage, aggregated over every run. */
export interface StageLine {
  readonly stageId: string;
  readonly name: string;
  /** Mean progress over the runs, a fraction 0..1 (as `ctx.onProgress` reports it). */
  readonly progress: number;
  readonly completed: number;
  readonly running: number;
  readonly suspended: number;
  readonly failed: number;
  readonly total: number;
  /** The latest message of a running stage, prefixed with its document. */
  readonly latest: string | undefined;
}

/** A change worth a line of plain output. */
export interface ProgressNote {
  readonly documentId: string;
  readonly stageId: string | undefined;
  readonly text: string;
}

/**
 * The state behind the progress display, fed by kernel events: `stage:progress` live from the
 * kernel's `onProgress` hook, everything else from the outbox through a plugin. Pure: no I/O.
 */
export class ProgressTracker {
  readonly #stages: readonly { id: string; name: string }[];
  readonly #runs = new Map<string, RunView>();
  readonly #listeners = new Set<(note: ProgressNote) => void>();
  #latest = new Map<string, string>();

  constructor(stages: readonly { id: string; name: string }[]) {
    this.#stages = stages;
  }

  /**
   * Starts tracking a run. `known` holds the states of stages that already have records (a run
   * found from an earlier start); `done` marks a run that had already finished.
   */
  addRun(
    workflowRunId: string,
    documentId: string,
    known: Readonly<Record<string, StageState>> = {},
    done?: "completed" | "failed",
  ): void {
    const stages = new Map<string, StageView>();
    for (const stage of this.#stages) {
      const state = known[stage.id] ?? "waiting";
      stages.set(stage.id, { state, progress: state === "completed" ? 1 : 0, message: "" });
    }
    this.#runs.set(workflowRunId, { documentId, status: done ?? "running", stages });
  }

  /** Calls `listener` for every change worth a plain line. Returns the unsubscribe function. */
  onNote(listener: (note: ProgressNote) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Applies a kernel event of a tracked run; others are ignored. */
  apply(event: StageflowEvent): void {
    const run = this.#runs.get(event.workflowRunId);
    if (run === undefined) return;
    const stage = "stageId" in event ? run.stages.get(event.stageId) : undefined;
    const note = (text: string) => {
      const stageId = "stageId" in event ? event.stageId : undefined;
      for (const listener of this.#listeners)
        listener({ documentId: run.documentId, stageId, text });
    };
    switch (event.type) {
      case "stage:started":
        if (stage) Object.assign(stage, { state: "running", progress: 0, message: "started" });
        note(event.attempt > 1 ? `started (attempt ${event.attempt})` : "started");
        break;
      case "stage:progress":
        if (stage && stage.state !== "completed") {
          Object.assign(stage, {
            state: "running",
            progress: Math.max(stage.progress, event.progress),
            message: event.message,
          });
          this.#latest.set(event.stageId, `${run.documentId}: ${event.message}`);
        }
        break;
      case "stage:suspended":
        if (stage) Object.assign(stage, { state: "suspended", message: "waiting on the batch" });
        note("suspended: waiting on the provider's batch");
        break;
      case "stage:completed":
        if (stage) Object.assign(stage, { state: "completed", progress: 1, message: "done" });
        note(`completed in ${formatMs(event.duration)}`);
        break;
      case "stage:failed":
        if (stage && !event.willRetry) Object.assign(stage, { state: "failed" });
        note(`failed${event.willRetry ? " (will retry)" : ""}: ${event.error.message}`);
        break;
      case "workflow:completed":
        run.status = "completed";
        note(`run completed in ${formatMs(event.duration)}`);
        break;
      case "workflow:failed":
        run.status = "failed";
        note(`run failed: ${event.error.message}`);
        break;
      case "workflow:cancelled":
        run.status = "cancelled";
        note("run cancelled");
        break;
      default:
        break;
    }
  }

  /** One line per stage, in workflow order. */
  lines(): StageLine[] {
    const runs = [...this.#runs.values()];
    return this.#stages.map(({ id, name }) => {
      const views = runs.map((run) => run.stages.get(id)).filter((v) => v !== undefined);
      const count = (state: StageState) => views.filter((v) => v.state === state).length;
      const sum = views.reduce((total, v) => total + v.progress, 0);
      return {
        stageId: id,
        name,
        progress: views.length === 0 ? 0 : sum / views.length,
        completed: count("completed"),
        running: count("running"),
        suspended: count("suspended"),
        failed: count("failed"),
        total: views.length,
        latest: count("running") > 0 ? this.#latest.get(id) : undefined,
      };
    });
  }

  /** Runs by status. */
  counts(): { total: number; completed: number; failed: number } {
    const runs = [...this.#runs.values()];
    return {
      total: runs.length,
      completed: runs.filter((r) => r.status === "completed").length,
      failed: runs.filter((r) => r.status === "failed" || r.status === "cancelled").length,
    };
  }
}

/** `850 ms`, `1.2 s`, `3 min 4 s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
