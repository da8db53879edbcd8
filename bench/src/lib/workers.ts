import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ControlMessage, WorkerMessage, WorkerStats } from "./worker-protocol";

const WORKER_MAIN = fileURLToPath(new URL("../worker-main.ts", import.meta.url));

/** A running worker process. */
export interface WorkerProcess {
  child: ChildProcess;
  /** Sends `go` and resolves with the worker's answer. */
  go(payload?: unknown): Promise<unknown>;
  /** Sends `stop`, waits for the stats and the exit. */
  stop(): Promise<WorkerStats>;
}

/** Options of `spawnWorkers`. */
export interface SpawnOptions {
  /** Worker kind, see `worker-main.ts`. */
  kind: string;
  /** JSON-serializable options for the kind; `index` is added per process. */
  options: Record<string, unknown>;
  procs: number;
  /** Called with every `mark` message. */
  onMark?: (key: string, label: string, t: number) => void;
}

function send(child: ChildProcess, message: ControlMessage): void {
  child.send(message);
}

function spawnOne(spec: SpawnOptions, index: number): Promise<WorkerProcess> {
  // Inherits the tsx loader from process.execArgv, so the child runs TypeScript too.
  const child = fork(WORKER_MAIN, [spec.kind, JSON.stringify({ ...spec.options, index })], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let onResult: ((value: unknown) => void) | null = null;
  let onDone: ((stats: WorkerStats) => void) | null = null;
  let failure: ((error: Error) => void) | null = null;
  return new Promise((resolve, reject) => {
    failure = reject;
    child.on("exit", (code) => {
      if (code) failure?.(new Error(`worker ${spec.kind}#${index} exited with code ${code}`));
    });
    child.on("message", (raw) => {
      const m = raw as WorkerMessage;
      if (m.kind === "mark") spec.onMark?.(m.key, m.label, m.t);
      else if (m.kind === "result") onResult?.(m.value);
      else if (m.kind === "done") onDone?.(m.stats);
      else if (m.kind === "error")
        failure?.(new Error(`worker ${spec.kind}#${index}: ${m.message}`));
      else if (m.kind === "ready") {
        resolve({
          child,
          go: (payload) =>
            new Promise((res, rej) => {
              onResult = res;
              failure = rej;
              send(child, { kind: "go", payload });
            }),
          stop: () =>
            new Promise((res, rej) => {
              failure = rej;
              let stats: WorkerStats | null = null;
              onDone = (s) => {
                stats = s;
              };
              child.once("exit", () =>
                stats ? res(stats) : rej(new Error("worker exited without stats")),
              );
              send(child, { kind: "stop" });
            }),
        });
      }
    });
  });
}

/** Forks `procs` worker processes and resolves when all are ready. */
export function spawnWorkers(spec: SpawnOptions): Promise<WorkerProcess[]> {
  return Promise.all(Array.from({ length: spec.procs }, (_, i) => spawnOne(spec, i)));
}

/** Stops every worker; resolves with their stats in spawn order. */
export function stopWorkers(workers: readonly WorkerProcess[]): Promise<WorkerStats[]> {
  return Promise.all(workers.map((w) => w.stop()));
}

/** First start / last start / per-process counts across workers. */
export function combineStats(stats: readonly WorkerStats[]): {
  first: number;
  last: number;
  perProc: number[];
} {
  return {
    first: Math.min(...stats.map((s) => s.first)),
    last: Math.max(...stats.map((s) => s.last)),
    perProc: stats.map((s) => s.n),
  };
}

/** Awaits spawned workers and returns a function that stops them (for `measureLatency`). */
export async function workersStopper(
  spawned: Promise<WorkerProcess[]>,
): Promise<() => Promise<void>> {
  const workers = await spawned;
  return async () => {
    await stopWorkers(workers);
  };
}
