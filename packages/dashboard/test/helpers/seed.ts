import { createStageflow, definePlugin, type Stageflow } from "@stageflow/engine";
import { batch, report, WORKFLOWS, waiting } from "../fixtures/workflows";

/** The runs {@link seed} made, by what they are for. */
export interface SeededRuns {
  /** Two completed reports (team a, team b with a 100 KB output). */
  readonly completed: readonly [string, string];
  /** A report whose `count` stage failed twice (team a). */
  readonly failed: string;
  /** A batch run whose stage is SUSPENDED (the run is RUNNING). */
  readonly suspended: string;
  /** A waiting run, RUNNING (its worker went away). */
  readonly running: string;
  readonly cancelled: string;
  /** Created by a client nobody works for; its `workflow:created` event is dead-lettered. */
  readonly pending: string;
  /** Every id, oldest first. */
  readonly all: readonly string[];
}

/** Polls until `check` holds (a bounded number of times). */
export async function waitUntil(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1000; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`gave up waiting until ${what}`);
}

/** Waits until the run's stage `stageId` has `status`. */
export function waitForStage(sf: Stageflow, runId: string, stageId: string, status: string) {
  return waitUntil(`${runId}/${stageId} is ${status}`, async () => {
    const stages = await sf.persistence.getStagesByRun(runId);
    return stages.some((stage) => stage.stageId === stageId && stage.status === status);
  });
}

/** Starts a worker process-alike on `url` (closing it releases what it holds). */
export function startWorker(url: string): Promise<Stageflow> {
  return createStageflow({
    database: url,
    workflows: WORKFLOWS,
    worker: { concurrency: 4, shutdownTimeoutMs: 200, handleSignals: false },
    logger: silent,
  });
}

const silent = { info() {}, warn() {}, error() {}, debug() {} };

/**
 * Fills a fresh database the way an app would: a worker completes two reports and fails one,
 * suspends a batch stage, leaves a waiting run RUNNING and cancels another; AI calls are recorded
 * for the first report; then a client whose event sink is down creates a PENDING run (its
 * `workflow:created` event goes to the dead-letter queue).
 */
export async function seed(url: string): Promise<SeededRuns> {
  const worker = await startWorker(url);
  const all: string[] = [];
  let ids: Omit<SeededRuns, "pending" | "all">;
  try {
    const first = await worker.run(
      report,
      { text: "alpha beta gamma" },
      { metadata: { team: "a", tier: 1 } },
    );
    all.push(first.id);
    await first.result();
    const second = await worker.run(
      report,
      { text: "delta epsilon", padding: 100_000 },
      { metadata: { team: "b", tier: 2 } },
    );
    all.push(second.id);
    await second.result();
    const failing = await worker.run(
      report,
      { text: "please fail now" },
      { metadata: { team: "a", tier: 2 } },
    );
    all.push(failing.id);
    await failing.result().catch(() => undefined);
    const suspended = await worker.run(batch, { text: "batch me" });
    all.push(suspended.id);
    await waitForStage(worker, suspended.id, "submit", "SUSPENDED");
    const running = await worker.run(waiting, { text: "keep going" });
    all.push(running.id);
    await waitForStage(worker, running.id, "wait", "RUNNING");
    const cancelled = await worker.run(waiting, { text: "stop me" });
    all.push(cancelled.id);
    await waitForStage(worker, cancelled.id, "wait", "RUNNING");
    await worker.kernel.dispatch({
      type: "run.cancel",
      workflowRunId: cancelled.id,
      reason: "seeded",
    });
    await cancelled.result().catch(() => undefined);
    for (const [index, model] of ["claude-sonnet-4-5", "claude-haiku-4-5"].entries()) {
      await worker.aiCallLogger.logCall({
        topic: "report.extract",
        provider: "anthropic",
        model,
        kind: "text",
        inputTokens: 1000 * (index + 1),
        outputTokens: 100 * (index + 1),
        cost: 0.01 * (index + 1),
        batch: false,
        status: "succeeded",
        durationMs: 120,
        workflowRunId: first.id,
        stageId: "extract",
        createdAt: new Date(),
      });
    }
    ids = {
      completed: [first.id, second.id],
      failed: failing.id,
      suspended: suspended.id,
      running: running.id,
      cancelled: cancelled.id,
    };
  } finally {
    await worker.close();
  }
  const client = await createStageflow({
    database: url,
    workflows: WORKFLOWS,
    worker: false,
    migrate: false,
    logger: silent,
    plugins: [
      definePlugin({
        name: "sink-down",
        handlers: {
          "workflow:created": () => {
            throw new Error("the sink is down");
          },
        },
      }),
    ],
    kernel: { outbox: { maxRetries: 1 } },
  });
  try {
    const pending = await client.run(
      report,
      { text: "later" },
      { metadata: { team: "c", tier: 3 } },
    );
    all.push(pending.id);
    for (let i = 0; i < 5; i += 1) await client.kernel.dispatch({ type: "outbox.flush" });
    return { ...ids, pending: pending.id, all };
  } finally {
    await client.close();
  }
}
