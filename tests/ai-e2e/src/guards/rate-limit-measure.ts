/**
 * The rate-limit measure (issue #19): `workers` worker processes share one limit of `limit`
 * requests per `windowMs` window through the database and work off `runs` runs of one call
 * each against the OpenAI loopback fake. The fake logs when each call arrives; the figure is
 * the largest number of calls that arrived in any window (goal: never above `limit`). Used by
 * `rate-limit-measure.test.ts` and by `bench/src/ai/rate-limits.ts`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createStageflow } from "@stageflow/engine";
import { askWorkflow } from "./ask-workflow";
import { maxPerWindow, startCountingFake } from "./fake-calls";
import { openGuardDatabase } from "./guard-databases";

const WORKER = fileURLToPath(new URL("./guard-worker.ts", import.meta.url));

/** What to measure. */
export interface RateLimitMeasureOptions {
  /** A migrated database (`sqlite:PATH` or a Postgres URL). */
  readonly databaseUrl: string;
  readonly workers: number;
  readonly runs: number;
  /** Requests per window, shared by every worker; `null` for no limit (the baseline). */
  readonly limit: number | null;
  readonly windowMs: number;
  /** Concurrent jobs per worker. Default 4. */
  readonly concurrency?: number;
}

/** What was measured. */
export interface RateLimitMeasure {
  /** Calls the fake answered. */
  readonly calls: number;
  /** The most calls that arrived at the fake in one window. */
  readonly maxCallsPerWindow: number;
  readonly limit: number | null;
  /** Windows in which calls arrived. */
  readonly windows: number;
  /** Deferrals logged by the runs' stages (attempts that waited for capacity). */
  readonly deferrals: number;
  /** Stage attempts beyond the first, over every run (a deferral is not one). */
  readonly extraAttempts: number;
  /** Runs that completed. */
  readonly completed: number;
  /** From the first run's creation to the last result. */
  readonly elapsedMs: number;
}

/** Starts a `guard-worker.ts` process with `env`; resolves once it printed "ready". */
export function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().startsWith("ready")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code}): ${stderr}`)));
  });
}

/** SIGTERM (SIGKILL after 10 s), then waits for the exit. */
export async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Runs the measure; every process it started is stopped before it returns. */
export async function measureRateLimit(
  options: RateLimitMeasureOptions,
): Promise<RateLimitMeasure> {
  const fake = await startCountingFake();
  const children: ChildProcess[] = [];
  const db = openGuardDatabase(options.databaseUrl, 2);
  try {
    const env = {
      GUARD_DATABASE_URL: options.databaseUrl,
      GUARD_FAKE_URL: fake.server.url,
      ...(options.limit === null ? {} : { GUARD_LIMIT: String(options.limit) }),
      GUARD_WINDOW_MS: String(options.windowMs),
      GUARD_CONCURRENCY: String(options.concurrency ?? 4),
    };
    const started = await Promise.allSettled(
      Array.from({ length: options.workers }, () => startWorker(env)),
    );
    for (const result of started) if (result.status === "fulfilled") children.push(result.value);
    const failed = started.find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;

    const client = await createStageflow({
      database: db,
      workflows: [askWorkflow],
      migrate: false,
      worker: false,
      resultPollIntervalMs: 100,
    });
    try {
      const begin = Date.now();
      const handles = [];
      for (let i = 0; i < options.runs; i += 1) {
        handles.push(await client.run(askWorkflow, { prompts: [`measure q${i}`] }));
      }
      await Promise.all(handles.map((h) => h.result({ timeoutMs: 300_000 })));
      const elapsedMs = Date.now() - begin;
      let deferrals = 0;
      let extraAttempts = 0;
      let completed = 0;
      for (const handle of handles) {
        const detail = await client.kernel.query.getRunDetail(handle.id);
        if (detail?.run.status === "COMPLETED") completed += 1;
        deferrals += detail?.logs.filter((l) => l.message.includes("deferred until")).length ?? 0;
        for (const stage of detail?.stages ?? []) extraAttempts += stage.attempt - 1;
      }
      const windows = new Set(fake.arrivals.map((at) => Math.floor(at / options.windowMs))).size;
      return {
        calls: fake.arrivals.length,
        maxCallsPerWindow: maxPerWindow(fake.arrivals, options.windowMs),
        limit: options.limit,
        windows,
        deferrals,
        extraAttempts,
        completed,
        elapsedMs,
      };
    } finally {
      await client.close();
    }
  } finally {
    await Promise.all(children.map(stopWorker));
    await db.destroy();
    await fake.server.close();
  }
}
