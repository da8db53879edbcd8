import { createNodeHost } from "@stageflow/host-node";
import {
  createKernel,
  createWorkflowRegistry,
  type EventSink,
  systemClock,
} from "@stageflow/kernel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
  migrateToLatest,
} from "@stageflow/persistence-kysely";
import pg from "pg";
import { databaseUrl } from "../lib/databases";
import {
  NOOP_ONE_WORKFLOW_ID,
  NOOP_WORKFLOW_ID,
  noopOneStageWorkflow,
  noopWorkflow,
} from "../stageflow/noop-workflow";

/**
 * Statement trace of the 3-stage no-op workflow (or, with `stages` 1, the one-stage one) through
 * one node host on Postgres: `runs` runs are created first, then the host (concurrency `conc`)
 * runs them all; every statement its pool sends meanwhile is counted by SQL text, and the counts
 * per stage job are printed, most frequent first, with the commits (each `commit`, and each
 * writing statement outside a transaction). Usage:
 * `pnpm --filter @stageflow/bench bench:trace [runs] [conc] [stages]` (default 200 4 3); it uses a
 * schema of its own in the `postgres` database of the bench server and drops it after.
 */
const runs = Number(process.argv[2] ?? 200);
const conc = Number(process.argv[3] ?? 4);
const stages = Number(process.argv[4] ?? 3);
if (stages !== 1 && stages !== 3) throw new Error(`stages must be 1 or 3, not ${process.argv[4]}`);
const workflow = stages === 1 ? noopOneStageWorkflow : noopWorkflow;
const workflowId = stages === 1 ? NOOP_ONE_WORKFLOW_ID : NOOP_WORKFLOW_ID;
const url = databaseUrl("postgres");
const schema = `sf_trace_${process.pid}`;

const counts = new Map<string, number>();
let counting = false;
let total = 0;
/** Commits: each `commit`, and each writing statement sent outside `begin` … `commit`. */
let commits = 0;
/** Clients with a transaction open. */
const inTransaction = new WeakSet<object>();
const count = (client: object, first: unknown): void => {
  const q = first as string | { name?: string; text?: string };
  const sqlText = typeof q === "string" ? q : (q?.text ?? "?");
  const statement = sqlText.trimStart().toLowerCase();
  const opens = statement.startsWith("begin");
  const closes = statement.startsWith("commit") || statement.startsWith("rollback");
  if (counting) {
    const text = `${typeof q !== "string" && q?.name ? "[prepared] " : ""}${sqlText}`;
    const key = text.replace(/\s+/g, " ").slice(0, 100);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total++;
    if (statement.startsWith("commit")) commits++;
    else if (!opens && !closes && !inTransaction.has(client) && !statement.startsWith("select")) {
      commits++;
    }
  }
  if (opens) inTransaction.add(client);
  else if (closes) inTransaction.delete(client);
};

const admin = new pg.Pool({ connectionString: url, max: 1 });
await admin.query(`create schema ${schema}`);
const pool = new pg.Pool({
  connectionString: url,
  max: conc + 4,
  options: `-c search_path=${schema}`,
});
pool.on("connect", (client) => {
  const c = client as { query: (...args: unknown[]) => unknown };
  const query = c.query.bind(c);
  c.query = (...args: unknown[]) => {
    count(c, args[0]);
    return query(...args);
  };
});
const db = createPostgresDatabase(pool as never);
try {
  await migrateToLatest(db);
  let completed = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  const eventSink: EventSink = {
    async emit(event) {
      if (event.type === "workflow:completed" && ++completed === runs) done();
    },
  };
  const transport = createKyselyJobTransport(db);
  const kernel = createKernel({
    persistence: createKyselyPersistence(db),
    blobStore: createKyselyBlobStore(db),
    jobTransport: transport,
    eventSink,
    clock: systemClock,
    registry: createWorkflowRegistry([workflow]),
  });
  for (let i = 0; i < runs; i++) {
    await kernel.dispatch({ type: "run.create", workflowId, input: { i } });
  }
  const host = createNodeHost({
    kernel,
    jobTransport: transport,
    workerId: "trace",
    concurrency: conc,
    handleSignals: false,
  });
  counting = true;
  const t0 = performance.now();
  await host.start();
  await finished;
  const ms = performance.now() - t0;
  counting = false;
  await host.stop();
  await transport.close();
  const stageJobs = runs * stages;
  for (const [text, n] of [...counts].sort((a, b) => b[1] - a[1])) {
    console.log(`${(n / stageJobs).toFixed(2).padStart(6)}  ${text}`);
  }
  console.log(
    `${runs} runs, concurrency ${conc}: ${total} statements, ${(total / stageJobs).toFixed(2)} per stage job, ${(commits / stageJobs).toFixed(2)} commits per stage job, ${Math.round((stageJobs * 1000) / ms)} stage jobs/s (wall clock, for orientation only)`,
  );
} finally {
  await db.destroy();
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
}
