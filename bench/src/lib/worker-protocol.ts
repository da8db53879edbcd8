/** Messages between the harness and its worker processes (`worker-main.ts`). */

/** What a worker process reports when it stops. */
export interface WorkerStats {
  /** Jobs (or stage bodies) started. */
  n: number;
  /** Monotonic ms of the first and last start. */
  first: number;
  last: number;
  /** Anything kind-specific (e.g. host stats). */
  extra?: Record<string, unknown>;
}

/** Child → parent. */
export type WorkerMessage =
  | { kind: "ready" }
  | { kind: "mark"; key: string; label: string; t: number }
  | { kind: "result"; value: unknown }
  | { kind: "done"; stats: WorkerStats }
  | { kind: "error"; message: string };

/** Parent → child. */
export type ControlMessage = { kind: "go"; payload?: unknown } | { kind: "stop" };

/** What every worker kind implements on the child side. */
export interface WorkerHandle {
  /** Optional second phase, after the parent has prepared work (e.g. Stageflow hosts start here). */
  go?(payload: unknown): Promise<unknown>;
  stop(): Promise<WorkerStats>;
}

/** Sends a `mark` (a timestamped event, e.g. "job 17 started") to the parent. */
export type MarkFn = (key: string, label: string, t: number) => void;
