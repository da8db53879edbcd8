import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const WORKER_SCRIPT = fileURLToPath(new URL("./crash-worker.mjs", import.meta.url));
const BUILT_HOST = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

/** A crash-test worker process. */
export interface WorkerProcess {
  readonly id: string;
  readonly child: ChildProcess;
  /** Resolves when the worker printed "ready"; rejects when it exits first. */
  readonly ready: Promise<void>;
  /** Resolves with how the process ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** "<run> <stage>" of every body the worker started. */
  readonly executions: string[];
  /** What the worker wrote to stderr. */
  readonly stderr: string[];
  /** True once the worker printed "ready" (its signal handlers are installed). */
  readonly isReady: () => boolean;
}

/** Options of {@link spawnWorker}. */
export interface SpawnWorkerOptions {
  /** The stale lease threshold of the worker's host. */
  readonly staleLeaseThresholdMs: number;
  /** The orchestration interval of the worker's host (the schedule loop's safety net). Default 200. */
  readonly orchestrationIntervalMs?: number;
}

/**
 * Starts `crash-worker.mjs` (plain Node on the built packages, so it starts fast) against the
 * database at `url`.
 *
 * @throws when `dist/` is missing: build first (`pnpm turbo run build --filter=@stageflow/host-node`).
 */
export function spawnWorker(url: string, id: string, options: SpawnWorkerOptions): WorkerProcess {
  if (!existsSync(BUILT_HOST)) {
    throw new Error(`${BUILT_HOST} is missing: build @stageflow/host-node before the crash tests`);
  }
  const child = spawn(process.execPath, [WORKER_SCRIPT], {
    env: {
      ...process.env,
      STAGEFLOW_CRASH_DB_URL: url,
      STAGEFLOW_WORKER_ID: id,
      STAGEFLOW_STALE_LEASE_MS: String(options.staleLeaseThresholdMs),
      STAGEFLOW_ORCHESTRATION_MS: String(options.orchestrationIntervalMs ?? 200),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const executions: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  let readyNow = false;
  const ready = new Promise<void>((resolve, reject) => {
    let buffered = "";
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        if (line === "ready") {
          readyNow = true;
          resolve();
        } else if (line.startsWith("exec ")) executions.push(line.slice(5));
      }
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`worker ${id} exited before ready (${code ?? signal}): ${stderr.join("")}`)),
    );
  });
  ready.catch(() => {});
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => stderr.push(chunk));
  return { id, child, ready, exited, executions, stderr, isReady: () => readyNow };
}
