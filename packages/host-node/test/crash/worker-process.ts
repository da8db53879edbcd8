import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const WORKER_SCRIPT = fileURLToPath(new URL("./crash-worker.ts", import.meta.url));

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
}

/** Starts `crash-worker.ts` with tsx against the database at `url`. */
export function spawnWorker(url: string, id: string): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER_SCRIPT], {
    env: { ...process.env, STAGEFLOW_CRASH_DB_URL: url, STAGEFLOW_WORKER_ID: id },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const executions: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<void>((resolve, reject) => {
    let buffered = "";
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        if (line === "ready") resolve();
        else if (line.startsWith("exec ")) executions.push(line.slice(5));
      }
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`worker ${id} exited before ready (${code ?? signal}): ${stderr.join("")}`)),
    );
  });
  ready.catch(() => {});
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => stderr.push(chunk));
  return { id, child, ready, exited, executions, stderr };
}
