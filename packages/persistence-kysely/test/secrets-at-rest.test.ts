import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createAIHelper } from "@stageflow/ai";
import {
  type AnyStage,
  type AnyWorkflow,
  defineAsyncBatchStage,
  defineStage,
  WorkflowBuilder,
} from "@stageflow/core";
import { createKernel, createWorkflowRegistry, type Kernel } from "@stageflow/kernel";
import { CollectingEventSink, FakeClock } from "@stageflow/testing";
import { type Kysely, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createKyselyAICallLogger,
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  type StageflowDatabase,
} from "../src/index";
import { createPostgresTestSchema } from "./helpers/postgres-test-schema";
import { createSqliteTestDatabase } from "./helpers/sqlite-test-database";

/** A fresh, unguessable marker: if it shows up in the database, a secret leaked. */
const mark = (label: string) => `${label}${randomBytes(6).toString("hex")}`;

/** The planted secrets of one test: every one of them must stay out of the database. */
function plantSecrets() {
  return {
    configured: mark("cfgkey"), // an API key value the kernel was configured with
    errorText: mark("errtext"),
    thrownObject: mark("thrownobj"),
    checkThrow: mark("checkthrow"),
    batchError: mark("batcherr"),
    logText: mark("logtext"),
    logMeta: mark("logmeta"),
    progressText: mark("progtext"),
    progressDetail: mark("progdetail"),
    suspended: mark("suspended"),
    anthropic: mark("antkey"),
  };
}

type Secrets = ReturnType<typeof plantSecrets>;

/** What belongs to the user and must be stored as given, even when it looks like a secret. */
function plantUserData() {
  return { input: mark("userinput"), storage: mark("userstorage") };
}

type UserData = ReturnType<typeof plantUserData>;

const POLL = { pollInterval: 1_000, maxWaitTime: 60_000 };
const SUBMITTED = { submittedAt: "1970-01-01T00:00:00.000Z", ...POLL };

function workflows(secrets: Secrets, user: UserData, db: Kysely<StageflowDatabase>) {
  const noisy = defineStage({
    id: "noisy",
    name: "Noisy",
    retry: { maxAttempts: 2, backoff: { initialDelayMs: 10 } },
    schemas: { input: z.object({ text: z.string() }), output: z.string(), config: z.object({}) },
    async execute(ctx) {
      const m = secrets.logMeta;
      ctx.log("INFO", `connecting with password=${secrets.logText}`, {
        aws_secret_access_key: m,
        secretAccessKey: m,
        apiKeys: [m, m],
        token: [m],
        password: { value: m },
        secrets: { a: m },
        pwd: m,
        passphrase: m,
        auth: m,
        bearer: m,
        cookie: m,
        privateKeyPem: m,
        database: `postgres://app:${m}@db.internal:5432/prod`,
        header: `Bearer ${m}`,
        nested: [{ deeper: { apiKey: m } }],
        attempt: ctx.attempt,
      });
      ctx.onProgress({
        progress: 0.5,
        message: `calling with sk-ant-api03-${secrets.progressText}`,
        details: { token: secrets.progressDetail, done: 1 },
      });
      throw new Error(`401 for api_key=${secrets.errorText} (key ${secrets.configured})`);
    },
  });
  const throwsObject = defineStage({
    id: "throws-object",
    name: "Throws an object",
    retry: { maxAttempts: 1 },
    schemas: { input: z.object({ text: z.string() }), output: z.string(), config: z.object({}) },
    async execute() {
      throw { apiKey: secrets.thrownObject, status: 401 };
    },
  });
  let checks = 0;
  const batch = defineAsyncBatchStage({
    id: "batch",
    name: "Batch",
    mode: "async-batch",
    schemas: { input: z.object({ text: z.string() }), output: z.string(), config: z.object({}) },
    async execute() {
      return {
        suspended: true,
        state: { batchId: "batch-1", ...SUBMITTED },
        pollConfig: { ...POLL, nextPollAt: new Date(0) },
      };
    },
    async checkCompletion() {
      checks++;
      if (checks === 1)
        throw new Error(`unauthorized: Authorization: Bearer ${secrets.checkThrow}`);
      return { ready: false, error: `lost postgres://u:${secrets.batchError}@host/db` };
    },
  });
  const suspendsSecret = defineAsyncBatchStage({
    id: "suspends-secret",
    name: "Suspends a secret",
    mode: "async-batch",
    schemas: { input: z.object({ text: z.string() }), output: z.string(), config: z.object({}) },
    async execute() {
      return {
        suspended: true,
        state: {
          batchId: "b",
          ...SUBMITTED,
          metadata: { client: { settings: [{ secretAccessKey: secrets.suspended }] } },
        },
        pollConfig: { ...POLL, nextPollAt: new Date(0) },
      };
    },
    async checkCompletion() {
      return { ready: false };
    },
  });
  const callsAI = defineStage({
    id: "calls-ai",
    name: "Calls a provider that leaks its key",
    retry: { maxAttempts: 1 },
    schemas: { input: z.object({ text: z.string() }), output: z.string(), config: z.object({}) },
    async execute(ctx) {
      const ai = createAIHelper("leaky", createKyselyAICallLogger(db), {
        stage: ctx,
        models: [
          {
            id: "leaky-1",
            provider: "leaky",
            kind: "chat",
            inputPricePerMillion: 1,
            outputPricePerMillion: 1,
          },
        ],
        providers: [
          {
            name: "leaky",
            async generateText() {
              throw new Error(
                `bad key ${secrets.configured}, x-api-key: sk-ant-${secrets.anthropic}`,
              );
            },
            async generateObject() {
              throw new Error("unused");
            },
          },
        ],
      });
      const { text } = await ai.generateText("leaky-1", ctx.input.text);
      return { output: text };
    },
  });
  const keeps = defineStage({
    id: "keeps",
    name: "Keeps user data",
    schemas: {
      input: z.object({ text: z.string() }),
      output: z.object({ echoed: z.string(), apiKey: z.string() }),
      config: z.object({}),
    },
    async execute(ctx) {
      await ctx.storage.save("note", { password: `password=${user.storage}` });
      return { output: { echoed: ctx.input.text, apiKey: user.input } };
    },
  });
  const one = (id: string, stage: AnyStage): AnyWorkflow =>
    new WorkflowBuilder(id, id, id, z.object({ text: z.string() }), z.unknown())
      .pipe(stage as never)
      .build() as unknown as AnyWorkflow;
  return [
    one("noisy", noisy),
    one("throws-object", throwsObject),
    one("batch", batch),
    one("suspends-secret", suspendsSecret),
    one("calls-ai", callsAI),
    one("keeps", keeps),
  ];
}

/** Claims, executes due jobs and polls suspended stages until every run is terminal. */
async function driveAll(kernel: Kernel, db: Kysely<StageflowDatabase>, clock: FakeClock) {
  const transport = createKyselyJobTransport(db);
  try {
    for (let step = 0; step < 40; step++) {
      await kernel.dispatch({ type: "run.claimPending", workerId: "w1" });
      for (;;) {
        const [job] = await transport.dequeue({ workerId: "w1", limit: 1, now: clock.now() });
        if (job === undefined) break;
        await kernel.dispatch({
          type: "job.execute",
          jobId: job.id,
          workflowRunId: job.workflowRunId,
          workflowId: job.workflowId,
          stageId: job.stageId,
          workerId: "w1",
        });
      }
      await kernel.dispatch({ type: "stage.pollSuspended" });
      await kernel.dispatch({ type: "outbox.flush" });
      const { rows } = await sql<{ n: number | string }>`
        select count(*) as n from stageflow_runs
        where status not in ('COMPLETED', 'FAILED', 'CANCELLED')`.execute(db);
      if (Number(rows[0]?.n) === 0) return;
      clock.advance(2_000);
    }
    throw new Error("runs did not finish");
  } finally {
    await transport.close();
  }
}

function text(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

/** Every value of every row of every table, as text. */
async function dumpTables(db: Kysely<StageflowDatabase>, dialect: "sqlite" | "postgres") {
  const { rows: tables } =
    dialect === "sqlite"
      ? await sql<{ name: string }>`
          select name from sqlite_master where type = 'table'`.execute(db)
      : await sql<{ name: string }>`
          select table_name as name from information_schema.tables
          where table_schema = current_schema()`.execute(db);
  expect(tables.map((t) => t.name)).toEqual(
    expect.arrayContaining([
      "stageflow_runs",
      "stageflow_stages",
      "stageflow_jobs",
      "stageflow_logs",
      "stageflow_outbox_events",
      "stageflow_blobs",
      "stageflow_ai_calls",
    ]),
  );
  const dump: Record<string, string> = {};
  for (const { name } of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(
      db,
    );
    dump[name] = rows.map((row) => Object.values(row).map(text).join("\u0001")).join("\n");
  }
  return dump;
}

function leaks(haystack: string, secrets: Secrets): string[] {
  return Object.entries(secrets)
    .filter(([, value]) => haystack.includes(value))
    .map(([name]) => name);
}

const BACKENDS = {
  sqlite: async () => {
    const target = await createSqliteTestDatabase("file");
    return { ...target, dialect: "sqlite" as const };
  },
  postgres: async () => {
    const schema = await createPostgresTestSchema();
    return {
      db: schema.db,
      teardown: schema.teardown,
      filename: null,
      dialect: "postgres" as const,
    };
  },
};

let teardown: (() => Promise<void>) | undefined;
afterEach(async () => {
  await teardown?.();
  teardown = undefined;
});

describe.each(Object.keys(BACKENDS) as (keyof typeof BACKENDS)[])(
  "secrets at rest (%s)",
  (backendName) => {
    it("stores no planted secret in any table (or the SQLite file), and keeps user data as given", async () => {
      const backend = await BACKENDS[backendName]();
      teardown = backend.teardown;
      const { db } = backend;
      const secrets = plantSecrets();
      const user = plantUserData();
      const clock = new FakeClock();
      const sink = new CollectingEventSink();
      const defined = workflows(secrets, user, db);
      const kernel = createKernel({
        persistence: createKyselyPersistence(db),
        blobStore: createKyselyBlobStore(db),
        jobTransport: createKyselyJobTransport(db),
        eventSink: sink,
        clock,
        registry: createWorkflowRegistry(defined),
        secrets: [secrets.configured],
      });
      const ids: Record<string, string> = {};
      for (const workflow of defined) {
        const created = await kernel.dispatch({
          type: "run.create",
          workflowId: workflow.id,
          input: { text: `api_key=${user.input}` },
        });
        ids[workflow.id] = created.workflowRunId;
      }
      await driveAll(kernel, db, clock);
      await kernel.dispatch({
        type: "run.cancel",
        workflowRunId: ids.keeps as string,
        reason: `rotate ${secrets.configured}`,
      });
      await kernel.dispatch({ type: "outbox.flush" });

      const persistence = createKyselyPersistence(db);
      const statuses = Object.fromEntries(
        await Promise.all(
          Object.entries(ids).map(async ([id, runId]) => [
            id,
            (await persistence.getRun(runId))?.status,
          ]),
        ),
      );
      expect(statuses).toEqual({
        noisy: "FAILED",
        "throws-object": "FAILED",
        batch: "FAILED",
        "suspends-secret": "FAILED",
        "calls-ai": "FAILED",
        keeps: "COMPLETED",
      });
      const refused = await persistence.getStage(
        ids["suspends-secret"] as string,
        "suspends-secret",
      );
      expect(refused?.error).toMatchObject({ code: "SECRET_IN_SUSPENDED_STATE" });
      expect(refused?.error?.message).toContain(
        "state.metadata.client.settings[0].secretAccessKey",
      );

      const dump = await dumpTables(db, backend.dialect);
      for (const [table, rows] of Object.entries(dump)) {
        expect({ table, leaked: leaks(rows, secrets) }).toEqual({ table, leaked: [] });
      }
      const all = Object.values(dump).join("\n");
      // What the engine stored about the failures is still there, only without the secrets.
      expect(dump.stageflow_logs).toContain("connecting with password=[redacted]");
      expect(dump.stageflow_runs).toContain("401 for api_key=[redacted] (key [redacted])");
      expect(dump.stageflow_ai_calls).toContain("bad key [redacted]");
      expect(all).toContain("Bearer [redacted]");
      expect(all).toContain("postgres://u:[redacted]@host/db");
      // The user's input, output and storage are theirs, stored as given.
      expect(dump.stageflow_runs).toContain(`api_key=${user.input}`);
      expect(all).toContain(user.storage);
      expect(leaks(JSON.stringify(sink.events), secrets)).toEqual([]);

      if (backend.filename !== null) {
        await db.destroy();
        teardown = async () => backend.teardown().catch(() => undefined);
        const bytes = ["", "-wal", "-shm"]
          .map((suffix) => `${backend.filename}${suffix}`)
          .filter((file) => existsSync(file))
          .map((file) => readFileSync(file).toString("latin1"))
          .join("\n");
        expect(bytes).toContain(user.input);
        expect(leaks(bytes, secrets)).toEqual([]);
      }
    });
  },
);
