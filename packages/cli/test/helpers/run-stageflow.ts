import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The built binary, as a user runs it. */
export const BIN = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));
/** The test workflows' config file. */
export const CONFIG = fileURLToPath(new URL("../fixtures/stageflow.config.ts", import.meta.url));

/** What a finished `stageflow` process printed and returned. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `stageflow ARGS` (no TTY: JSON by default), colours off. */
export function startStageflow(
  args: readonly string[],
  env: Record<string, string> = {},
): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs `stageflow ARGS` to its end. */
export function runStageflow(
  args: readonly string[],
  env?: Record<string, string>,
): Promise<CliResult> {
  const child = startStageflow(args, env);
  return collect(child);
}

/** Waits for a started process to end, with everything it printed. */
export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Parses stdout as JSON, failing with what the process printed when it is not. */
export function json<T = unknown>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(
      `stdout is not JSON (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`,
    );
  }
}

/** Parses stdout as JSON lines. */
export function jsonLines<T = unknown>(result: CliResult): T[] {
  return result.stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as T);
}
