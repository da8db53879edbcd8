/**
 * One worker process: a node host on the shared Postgres schema. Prints one JSON line per stage
 * it starts and finishes, so `cluster.ts` can tell which worker ran what. SIGTERM drains it.
 *
 *   STAGEFLOW_WORKER_ID=w1 pnpm worker
 */
import { createStageflow, openDatabase, targetFromEnv } from "./database";
import { setActivityReporter, WORKER_ID } from "./ticket-workflow";

const print = (line: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ worker: WORKER_ID, ...line })}\n`);

setActivityReporter((activity) => print({ ...activity }));

const db = openDatabase(targetFromEnv());
const host = createStageflow(db).host(WORKER_ID);
await host.start(); // handles SIGTERM / SIGINT: drains, then the process ends
print({ event: "ready" });
