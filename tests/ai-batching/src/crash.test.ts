/**
 * SIGKILL crash tests of cross-run batching: worker processes (node hosts on the built packages)
 * share one database (Postgres, and a SQLite file) and the OpenAI fake; one is killed while
 * requests are being collected, one right after the provider accepted a batch and before its
 * commit (the documented window), one while it fetches a batch's results. A last worker finishes.
 * Nothing is lost, every run gets its own answer once, and the only requests sent in two provider
 * batches are those of a batch recorded ABANDONED.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createKernel, createWorkflowRegistry, silentLogger, systemClock } from "@stageflow/kernel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
  createSqliteDatabase,
  migrateToLatest,
  type StageflowDatabase,
} from "@stageflow/persistence-kysely";
import type { Kysely } from "kysely";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startFakeOpenAIServer } from "../../../packages/ai-openai/test/fake-openai-server";
import { spawnBatchWorker } from "./crash/batch-worker-process";
import { CRASH_WORKFLOW_ID, createBatchCrashWorkflow } from "./crash/batch-workflow.mjs";
import { startKillProxy } from "./crash/kill-proxy";

const RUNS = 30;
const PG_URL = process.env.STAGEFLOW_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

interface Target {
  readonly url: string;
  readonly db: Kysely<StageflowDatabase>;
  drop(): Promise<void>;
}

async function openTarget(kind: "postgres" | "sqlite"): Promise<Target> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "stageflow-batch-crash-"));
    const url = join(dir, "stageflow.db");
    const db = createSqliteDatabase(url);
    await migrateToLatest(db);
    return {
      url,
      db,
      async drop() {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `sf_batch_crash_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const db = createPostgresDatabase(url.toString(), { maxConnections: 3 });
  await migrateToLatest(db);
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.destroy();
      const drop = new pg.Client({ connectionString: PG_URL });
      await drop.connect();
      await drop.query(`drop database ${name} with (force)`);
      await drop.end();
    },
  };
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function within<T>(what: string, promise: Promise<T>, ms = 60_000): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)),
  ]);
}

for (const kind of ["postgres", "sqlite"] as const) {
  describe(`cross-run batching survives SIGKILL on ${kind}`, () => {
    it("while collecting, between the provider's accept and the commit, and while distributing", async () => {
      const fake = await startFakeOpenAIServer({
        reply: (body) => `answer to ${JSON.stringify(body.messages)}`,
      });
      fake.setBatchBehaviour({ statuses: ["completed"] });
      const proxy = await startKillProxy(fake.url);
      const target = await openTarget(kind);
      const workers: ReturnType<typeof spawnBatchWorker>[] = [];
      const spawnWorker = async (id: string) => {
        const worker = spawnBatchWorker(target.url, proxy.url, id);
        workers.push(worker);
        await within(`${id} ready`, worker.ready);
        return worker;
      };
      const kill = (worker: ReturnType<typeof spawnBatchWorker>) => worker.child.kill("SIGKILL");
      try {
        const kernel = createKernel({
          persistence: createKyselyPersistence(target.db),
          blobStore: createKyselyBlobStore(target.db),
          jobTransport: createKyselyJobTransport(target.db),
          eventSink: { emit: async () => {} },
          clock: systemClock,
          registry: createWorkflowRegistry([createBatchCrashWorkflow()]),
          logger: silentLogger,
        });
        const prompts = new Map<string, string>();
        for (let i = 0; i < RUNS; i++) {
          const prompt = `crash question ${i}`;
          const { workflowRunId } = await kernel.dispatch({
            type: "run.create",
            workflowId: CRASH_WORKFLOW_ID,
            input: { prompt },
          });
          prompts.set(workflowRunId, prompt);
        }
        const count = async (table: "stageflow_ai_batch_requests" | "stageflow_ai_batches") =>
          Number(
            (
              await target.db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll().as("n"))
                .executeTakeFirstOrThrow()
            ).n,
          );

        // 1. Killed while stages hand their requests to the collector.
        const collecting = await spawnWorker("collecting");
        await waitFor(
          "requests being collected",
          async () => (await count("stageflow_ai_batch_requests")) >= 3,
        );
        kill(collecting);
        await collecting.exited;

        // 2. Killed after the provider accepted a batch, before the commit recording it.
        const submitTrap = proxy.arm(
          (method, path) => method === "POST" && path === "/v1/batches",
          () => kill(submitting),
        );
        const submitting = await spawnWorker("submitting");
        await within("the submission trap", submitTrap);
        await submitting.exited;

        // 3. Killed while fetching the results of an ended batch.
        const resultsTrap = proxy.arm(
          (method, path) => method === "GET" && /^\/v1\/files\/[^/]+\/content$/.test(path),
          () => kill(distributing),
        );
        const distributing = await spawnWorker("distributing");
        await within("the results trap", resultsTrap);
        await distributing.exited;

        // 4. A worker that lives finishes everything.
        const finisher = await spawnWorker("finisher");
        await waitFor(
          "every run to complete",
          async () =>
            (
              await target.db
                .selectFrom("stageflow_runs")
                .select("id")
                .where("status", "!=", "COMPLETED")
                .execute()
            ).length === 0,
          90_000,
        );
        kill(finisher);
        await finisher.exited;

        // Every run got its own answer, from exactly one succeeded request and one call record.
        for (const [id, prompt] of prompts) {
          const blob = await target.db
            .selectFrom("stageflow_blobs")
            .select("value")
            .where("key", "=", `runs/${id}/stages/ask/output`)
            .executeTakeFirstOrThrow();
          const output = (typeof blob.value === "string" ? JSON.parse(blob.value) : blob.value) as {
            answer: string;
          };
          expect(output.answer).toContain(prompt);
          const rows = await target.db
            .selectFrom("stageflow_ai_batch_requests")
            .select("status")
            .where("workflow_run_id", "=", id)
            .execute();
          expect(rows.map((r) => r.status)).toEqual(["SUCCEEDED"]);
          const calls = await target.db
            .selectFrom("stageflow_ai_calls")
            .select("id")
            .where("workflow_run_id", "=", id)
            .execute();
          expect(calls).toHaveLength(1);
        }
        // Requests sent to the provider more than once belong to an ABANDONED batch only.
        const sent = fake.requests
          .filter((r) => r.method === "POST" && r.path === "/v1/files")
          .flatMap((r) =>
            [...JSON.stringify(r.body).matchAll(/custom_id\\?":\\?"([^"\\]+)/g)].map(
              (m) => m[1] ?? "",
            ),
          );
        const batches = await target.db
          .selectFrom("stageflow_ai_batches")
          .select(["status", "request_ids"])
          .execute();
        const abandoned = new Set(
          batches
            .filter((b) => b.status === "ABANDONED")
            .flatMap(
              (b) =>
                (typeof b.request_ids === "string"
                  ? JSON.parse(b.request_ids)
                  : b.request_ids) as string[],
            ),
        );
        expect(batches.filter((b) => b.status === "ABANDONED").length).toBeGreaterThanOrEqual(1);
        const seen = new Map<string, number>();
        for (const id of sent) seen.set(id, (seen.get(id) ?? 0) + 1);
        const twice = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
        expect(twice.length).toBeGreaterThan(0);
        for (const id of twice) expect(abandoned.has(id)).toBe(true);
        expect([...seen.values()].every((n) => n <= 2)).toBe(true);
        expect(new Set(sent).size).toBe(RUNS);
        expect(await count("stageflow_ai_batch_requests")).toBe(RUNS);
      } finally {
        for (const worker of workers) worker.child.kill("SIGKILL");
        await Promise.all(workers.map((worker) => worker.exited));
        await proxy.close();
        await fake.close();
        await target.drop();
      }
    }, 180_000);
  });
}
