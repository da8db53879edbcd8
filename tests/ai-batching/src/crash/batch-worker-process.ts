import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const WORKER_SCRIPT = fileURLToPath(new URL("./batch-worker.mjs", import.meta.url));

/** A worker process of the crash tests. */
export interface BatchWorker {
  readonly child: ChildProcess;
  /** Resolves once the worker printed "ready"; rejects when it exits first. */
  readonly ready: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly stderr: string[];
}

/** Starts `batch-worker.mjs` on the built packages against `database` and the fake at `fakeUrl`. */
export function spawnBatchWorker(database: string, fakeUrl: string, id: string): BatchWorker {
  const child = spawn(process.execPath, [WORKER_SCRIPT], {
    env: {
      ...process.env,
      STAGEFLOW_DB: database,
      STAGEFLOW_WORKER_ID: id,
      OPENAI_FAKE_URL: fakeUrl,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stderr: string[] = [];
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (text: string) => stderr.push(text));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (text: string) => {
      if (text.includes("ready")) resolve();
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`worker ${id} exited (${code ?? signal}) before ready: ${stderr.join("")}`)),
    );
  });
  ready.catch(() => {});
  return { child, ready, exited, stderr };
}
