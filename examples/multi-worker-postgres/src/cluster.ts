import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { RunStatus } from "@stageflow/kernel";
import { createStageflow, openDatabase, type PostgresTarget, prepareSchema } from "./database";
import { produceTickets } from "./producer";
import type { StageActivity } from "./ticket-workflow";

/** Options of {@link runCluster}. */
export interface ClusterOptions {
  readonly target: PostgresTarget;
  readonly workers: number;
  readonly runs: number;
  /** Milliseconds each stage works. Default 400. */
  readonly workMs?: number;
  /** SIGKILL one worker while it is executing a stage. Default true. */
  readonly killOne?: boolean;
  /** Progress lines. */
  readonly log?: (line: string) => void;
  /** Give up after this long. Default 120 000. */
  readonly timeoutMs?: number;
}

/** A stage the killed worker had started but not finished, and who finished it. */
export interface TakenOver {
  readonly workflowRunId: string;
  readonly stageId: string;
  readonly finishedBy: string | undefined;
}

/** What happened. */
export interface ClusterReport {
  readonly runs: ReadonlyArray<{ workflowRunId: string; status: RunStatus; output: unknown }>;
  readonly killed: string | undefined;
  readonly takenOver: readonly TakenOver[];
  /** Stages finished per worker (from their reports). */
  readonly finishedBy: Readonly<Record<string, number>>;
}

type Activity = StageActivity & { worker: string };

const workerScript = new URL("./worker.ts", import.meta.url).pathname;

function startWorker(
  id: string,
  target: PostgresTarget,
  onLine: (line: Activity | { worker: string; event: "ready" }) => void,
): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", workerScript], {
    env: {
      ...process.env,
      STAGEFLOW_WORKER_ID: id,
      STAGEFLOW_PG_URL: target.url,
      STAGEFLOW_PG_SCHEMA: target.schema,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    try {
      onLine(JSON.parse(line));
    } catch {
      // not one of ours
    }
  });
  return child;
}

/**
 * Starts `workers` worker processes, creates `runs` runs, SIGKILLs one worker while it executes a
 * stage, waits until every run is final, stops the rest, and reports who did what.
 */
export async function runCluster(options: ClusterOptions): Promise<ClusterReport> {
  const log = options.log ?? (() => {});
  const { target } = options;
  await prepareSchema(target);

  const activity: Activity[] = [];
  const ready = new Set<string>();
  // The victim is the first worker seen executing a stage after the runs are produced.
  let onFirstStart: ((worker: string) => void) | undefined;
  const children = new Map<string, ChildProcess>();
  for (let i = 1; i <= options.workers; i++) {
    const id = `worker-${i}`;
    children.set(
      id,
      startWorker(id, target, (line) => {
        if (line.event === "ready") {
          ready.add(line.worker);
          return;
        }
        activity.push(line);
        if (line.event === "start") onFirstStart?.(line.worker);
      }),
    );
  }
  await until(() => ready.size === options.workers, 30_000, "workers to start");
  log(`${options.workers} workers ready`);

  const db = openDatabase(target);
  try {
    const { kernel, persistence } = createStageflow(db);
    const runIds = await produceTickets(kernel, options.runs, options.workMs);
    log(`produced ${runIds.length} runs`);

    let killed: string | undefined;
    if (options.killOne !== false) {
      const victim = await new Promise<string>((resolve) => {
        onFirstStart = resolve;
        const busy = activity.find((a) => a.event === "start");
        if (busy) resolve(busy.worker);
      });
      onFirstStart = undefined;
      children.get(victim)?.kill("SIGKILL");
      killed = victim;
      const inFlight = activity.filter((a) => a.worker === victim && a.event === "start").at(-1);
      log(`SIGKILL ${victim} while it ran ${inFlight?.stageId} of ${inFlight?.workflowRunId}`);
    }

    const final = new Set<RunStatus>(["COMPLETED", "FAILED", "CANCELLED"]);
    await until(
      async () => {
        const runs = await Promise.all(runIds.map((id) => persistence.getRun(id)));
        const done = runs.filter((r) => r && final.has(r.status)).length;
        return done === runIds.length;
      },
      options.timeoutMs ?? 120_000,
      "every run to finish",
    );
    const runs = await Promise.all(
      runIds.map(async (id) => {
        const run = await persistence.getRun(id);
        return { workflowRunId: id, status: run?.status ?? "FAILED", output: run?.output };
      }),
    );

    const finished = activity.filter((a) => a.event === "done");
    const takenOver = activity
      .filter((a) => a.worker === killed && a.event === "start")
      .filter(
        (s) =>
          !finished.some(
            (d) =>
              d.worker === killed && d.workflowRunId === s.workflowRunId && d.stageId === s.stageId,
          ),
      )
      .map((s) => ({
        workflowRunId: s.workflowRunId,
        stageId: s.stageId,
        finishedBy: finished.find(
          (d) => d.workflowRunId === s.workflowRunId && d.stageId === s.stageId,
        )?.worker,
      }));
    const finishedBy: Record<string, number> = {};
    for (const d of finished) finishedBy[d.worker] = (finishedBy[d.worker] ?? 0) + 1;
    return { runs, killed, takenOver, finishedBy };
  } finally {
    await db.destroy();
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          }),
      ),
    );
  }
}

async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
