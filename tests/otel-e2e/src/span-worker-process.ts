import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("./span-worker.mjs", import.meta.url));

/** A span as a worker process exports it (see `span-worker.mjs`). */
export interface SpanJson {
  readonly name: string;
  readonly kind: number;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | null;
  readonly attributes: Record<string, unknown>;
  readonly links: { traceId: string; spanId: string }[];
  readonly status: { code: number; message?: string };
  readonly startTime: [number, number];
  readonly endTime: [number, number];
  /** The worker id of the process that exported it (`parent` for the test's own). */
  readonly worker: string;
}

/** One long-lived worker process driven command by command. */
export interface SpanWorker {
  readonly id: string;
  /** Sends `command` and resolves with its result and the spans it finished. */
  send(
    command: "claim" | "job" | "poll" | "flush",
  ): Promise<{ result: unknown; spans: SpanJson[] }>;
  /** Ends the process. */
  close(): Promise<void>;
}

/** Starts `span-worker.mjs` (plain Node on the built packages) with `env`. */
export async function startSpanWorker(
  id: string,
  env: Record<string, string>,
): Promise<SpanWorker> {
  const child: ChildProcess = spawn(process.execPath, [SCRIPT], {
    env: { ...process.env, ...env, STAGEFLOW_WORKER_ID: id },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stderr: string[] = [];
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => stderr.push(chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const waiting: ((line: string) => void)[] = [];
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  lines.on("line", (line) => waiting.shift()?.(line));
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      waiting.push(resolve);
      void exited.then(() => reject(new Error(`worker ${id} exited: ${stderr.join("")}`)));
    });
  const ready = await nextLine();
  if (ready !== "ready") throw new Error(`worker ${id} said ${ready}: ${stderr.join("")}`);
  return {
    id,
    async send(command) {
      const answer = nextLine();
      child.stdin?.write(`${command}\n`);
      const line = await answer;
      if (!line.startsWith("done ")) throw new Error(`worker ${id}: ${line} ${stderr.join("")}`);
      return JSON.parse(line.slice(5)) as { result: unknown; spans: SpanJson[] };
    },
    async close() {
      child.stdin?.end("exit\n");
      await exited;
    },
  };
}
