import { createStageflow, definePlugin } from "@stageflow/engine";
import { ticker, WORKFLOWS, waiting, wordCount } from "../fixtures/workflows";

/** The runs {@link seedDatabase} made, by what they are for. */
export interface SeededRuns {
  readonly completed: readonly string[];
  readonly failed: string;
  readonly cancelled: string;
  readonly running: string;
  readonly pending: string;
  /** Every run id, oldest first. */
  readonly all: readonly string[];
}

/**
 * Fills a migrated database with runs in every status, the way an app would: a worker completes
 * two word counts (metadata `batch: "a"`) and fails one, a waiting run is cancelled, a run is
 * claimed by a worker that then vanished (RUNNING), and a client creates one nobody claims
 * (PENDING). The `workflow:created` events of those last two dead-letter (their plugin fails).
 */
export async function seedDatabase(url: string): Promise<SeededRuns> {
  const sf = await createStageflow({
    database: url,
    workflows: WORKFLOWS,
    worker: { concurrency: 2 },
  });
  const all: string[] = [];
  const completed: string[] = [];
  let failed = "";
  let cancelled = "";
  try {
    for (const text of ["one two three", "four five"]) {
      const run = await sf.run(wordCount, { text }, { metadata: { batch: "a" } });
      all.push(run.id);
      completed.push(run.id);
      await run.result();
    }
    const failing = await sf.run(
      wordCount,
      { text: "please fail now" },
      { metadata: { batch: "b" } },
    );
    all.push(failing.id);
    failed = failing.id;
    await failing.result().catch(() => undefined);
    const wait = await sf.run(waiting, { text: "x" });
    all.push(wait.id);
    cancelled = wait.id;
    await waitForStatus(sf, wait.id, "RUNNING");
    await sf.kernel.dispatch({ type: "run.cancel", workflowRunId: wait.id, reason: "seeded" });
    await wait.result().catch(() => undefined);
  } finally {
    await sf.close();
  }
  const client = await createStageflow({
    database: url,
    workflows: WORKFLOWS,
    worker: false,
    plugins: [
      definePlugin({
        name: "always-down",
        handlers: {
          "workflow:created": () => {
            throw new Error("sink is down");
          },
        },
      }),
    ],
    kernel: { outbox: { maxRetries: 1 } },
  });
  try {
    const claimed = await client.run(ticker, { steps: 1, stepMs: 1 });
    all.push(claimed.id);
    await client.kernel.dispatch({
      type: "run.claimPending",
      workerId: "vanished-worker",
      maxClaims: 1,
    });
    const pending = await client.run(ticker, { steps: 1, stepMs: 1 });
    all.push(pending.id);
    for (let i = 0; i < 5; i += 1) await client.kernel.dispatch({ type: "outbox.flush" });
    return { completed, failed, cancelled, running: claimed.id, pending: pending.id, all };
  } finally {
    await client.close();
  }
}

async function waitForStatus(
  sf: { persistence: { getRun(id: string): Promise<{ status: string } | null> } },
  id: string,
  status: string,
): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if ((await sf.persistence.getRun(id))?.status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`run ${id} never became ${status}`);
}
