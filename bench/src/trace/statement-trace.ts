import { createNodeHost } from "@stageflow/host-node";
import { createKernel, createWorkflowRegistry, type EventSink, systemClock } from "@stageflow/kernel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
  migrateToLatest,
} from "@stageflow/persistence-kysely";
import pg from "pg";
import { noopWorkflow, NOOP_WORKFLOW_ID } from "../stageflow/noop-workflow";

const url = process.env.TRACE_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const runs = Number(process.argv[2] ?? 100);
const conc = Number(process.argv[3] ?? 1);
const schema = `sf_trace_${process.pid}`;

const counts = new Map<string, number>();
let counting = false;
let total = 0;
const origQuery = pg.Client.prototype.query;
// biome-ignore lint/suspicious/noExplicitAny: trace
(pg.Client.prototype as any).query = function (this: pg.Client, ...args: any[]) {
  if (counting) {
    const q = args[0];
    const text: string = typeof q === "string" ? q : `${q?.name ? "[P] " : ""}${q?.text ?? "?"}`;
    const key = text.replace(/\s+/g, " ").slice(0, 110);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total++;
  }
  // biome-ignore lint/suspicious/noExplicitAny: trace
  return (origQuery as any).apply(this, args);
};

const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`create schema ${schema}`);
const pool = new pg.Pool({ connectionString: url, max: conc + 4, options: `-c search_path=${schema}` });
const db = createPostgresDatabase(pool);
await migrateToLatest(db);
let completed = 0;
let done: () => void = () => {};
const finished = new Promise<void>((r) => { done = r; });
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
  registry: createWorkflowRegistry([noopWorkflow]),
});
const mode = process.argv[4] ?? "backlog";
const host = createNodeHost({ kernel, jobTransport: transport, workerId: "trace", concurrency: conc, handleSignals: false });
if (mode === "backlog") {
  for (let i = 0; i < runs; i++) await kernel.dispatch({ type: "run.create", workflowId: NOOP_WORKFLOW_ID, input: { i } });
  counting = true;
  await host.start();
} else {
  await host.start();
  await new Promise((r) => setTimeout(r, 300));
  counting = true;
  for (let i = 0; i < runs; i++) await kernel.dispatch({ type: "run.create", workflowId: NOOP_WORKFLOW_ID, input: { i } });
}
await finished;
counting = false;
await host.stop();
const stageJobs = runs * 3;
const rows = [...counts].sort((a, b) => b[1] - a[1]);
for (const [k, n] of rows) console.log(`${(n / stageJobs).toFixed(2).padStart(6)}  ${k}`);
console.log(`total ${total} statements, ${(total / stageJobs).toFixed(2)} per stage job`);
await transport.close();
await db.destroy();
await admin.query(`drop schema ${schema} cascade`);
await admin.end();
